package config

import (
	"maps"
	"net/url"
	"regexp"
	"strings"
)

// Masked replaces a secret value in Redacted views.
const Masked = "****"

var secretKey = regexp.MustCompile(`secret|password|passwd|token|private|credential|api_key|_key$|^key$`)

// IsSecret reports whether an option key names a credential: it contains
// secret, password, token, private, credential or api_key, or ends in
// _key (secret_access_key, account_key). access_key_id and other *_id keys
// are identifiers, not secrets.
func IsSecret(key string) bool {
	k := strings.ToLower(key)
	return !strings.HasSuffix(k, "_id") && secretKey.MatchString(k)
}

// Redacted returns the account's options with secret values replaced by
// Masked, and any password inside a URL value masked too. It is the only
// view of options that may be printed or logged.
func (a *Account) Redacted() map[string]string {
	out := maps.Clone(a.Options)
	if out == nil {
		out = map[string]string{}
	}
	for k, v := range out {
		out[k] = RedactValue(k, v)
	}
	return out
}

// RedactValue masks v if key names a secret, or the password part of v if
// it is a URL with one.
func RedactValue(key, v string) string {
	if IsSecret(key) && v != "" {
		return Masked
	}
	if !strings.Contains(v, "@") {
		return v
	}
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		return v
	}
	if _, has := u.User.Password(); has {
		// A placeholder keeps url from percent-encoding the mask.
		u.User = url.UserPassword(u.User.Username(), "MASKED")
		return strings.Replace(u.String(), ":MASKED@", ":"+Masked+"@", 1)
	}
	return v
}
