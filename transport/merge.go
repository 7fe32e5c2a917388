package transport

import "reflect"

// Merge returns global with every field that account sets (non-zero)
// replacing global's. It is how a config's [transport] section combines
// with [accounts.X.transport].
//
// Because "set" means non-zero, an account can turn a bool on but not off
// (insecure_skip_verify, debug), and cannot clear a string: use
// proxy = "direct" to undo a global proxy. FollowRedirects is a pointer, so
// an account can set it either way.
func Merge(global, account Options) Options {
	out := global
	dst := reflect.ValueOf(&out).Elem()
	src := reflect.ValueOf(account)
	for i := range src.NumField() {
		if f := src.Field(i); !f.IsZero() {
			dst.Field(i).Set(f)
		}
	}
	return out
}
