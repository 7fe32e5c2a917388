package config

import (
	"fmt"
	"os"
	"reflect"
	"strings"

	"github.com/cloudfs/cloudfs/transport"
)

// expand replaces ${VAR} with the environment variable's value and "$$"
// with "$". An unset variable is an error (a set but empty one is not);
// a '$' followed by anything else is kept as it is.
func expand(s string) (string, error) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c != '$' || i+1 == len(s):
			b.WriteByte(c)
		case s[i+1] == '$':
			b.WriteByte('$')
			i++
		case s[i+1] == '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", fmt.Errorf("unclosed ${ in %q", s)
			}
			name := s[i+2 : i+2+end]
			if name == "" {
				return "", fmt.Errorf("empty ${} in value")
			}
			v, ok := os.LookupEnv(name)
			if !ok {
				return "", fmt.Errorf("environment variable %s is not set", name)
			}
			b.WriteString(v)
			i += 2 + end
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// expandTransport applies expand to every string field of o (proxy,
// ca_file, ...).
func expandTransport(o *transport.Options) error {
	v := reflect.ValueOf(o).Elem()
	t := v.Type()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.String || !f.CanSet() {
			continue
		}
		s, err := expand(f.String())
		if err != nil {
			return fmt.Errorf("%s: %w", tomlKey(t.Field(i)), err)
		}
		f.SetString(s)
	}
	return nil
}

func tomlKey(f reflect.StructField) string {
	if k, _, _ := strings.Cut(f.Tag.Get("toml"), ","); k != "" {
		return k
	}
	return f.Name
}
