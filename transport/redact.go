package transport

import (
	"net/http"
	"net/url"
	"strings"
)

// Redacted replaces secret values in the trace and in recorded fixtures.
const Redacted = "REDACTED"

// secretHeaders are header names (lower case) that are always secret;
// secretHeaderParts mark any header whose name contains one of them.
var (
	secretHeaders = map[string]bool{
		"authorization": true, "proxy-authorization": true,
		"cookie": true, "set-cookie": true,
		"x-amz-security-token": true, "x-api-key": true,
	}
	secretHeaderParts = []string{"secret", "token", "key", "signature", "password", "credential"}
)

// secretParams are query parameter names (lower case) that are always
// secret; secretParamParts mark any parameter whose name contains one.
var (
	secretParams = map[string]bool{
		"sig": true, "token": true, "key": true, "api_key": true, "apikey": true,
		"access_token": true, "x-amz-security-token": true,
		"x-amz-credential": true, "x-goog-credential": true,
	}
	secretParamParts = []string{"signature", "secret", "password"}
)

// SecretHeader reports whether the header's value must never be logged or
// recorded: Authorization, cookies, X-Amz-Security-Token, X-Api-Key and any
// name containing "secret", "token", "key", "signature", "password" or
// "credential".
func SecretHeader(name string) bool {
	return secret(name, secretHeaders, secretHeaderParts)
}

// SecretQueryParam reports whether a query parameter's value must never be
// logged or recorded: X-Amz-Signature, Signature, sig, X-Goog-Signature,
// token, key, X-Amz-Security-Token, the X-Amz/X-Goog credentials, and any
// name containing "signature", "secret" or "password".
func SecretQueryParam(name string) bool {
	return secret(name, secretParams, secretParamParts)
}

func secret(name string, exact map[string]bool, parts []string) bool {
	n := strings.ToLower(name)
	if exact[n] {
		return true
	}
	for _, p := range parts {
		if strings.Contains(n, p) {
			return true
		}
	}
	return false
}

// RedactHeader returns a copy of h with every secret value replaced. An
// Authorization value keeps its scheme ("AWS4-HMAC-SHA256 REDACTED").
func RedactHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, vals := range h {
		if !SecretHeader(name) {
			out[name] = append([]string(nil), vals...)
			continue
		}
		red := make([]string, len(vals))
		for i, v := range vals {
			red[i] = redactValue(name, v)
		}
		out[name] = red
	}
	return out
}

func redactValue(name, v string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		if scheme, _, ok := strings.Cut(v, " "); ok && scheme != "" {
			return scheme + " " + Redacted
		}
	}
	return Redacted
}

// RedactURL returns u as a string with the password of its user info and
// every secret query parameter replaced.
func RedactURL(u *url.URL) string {
	c := *u
	if pw, ok := c.User.Password(); ok && pw != "" {
		c.User = url.UserPassword(c.User.Username(), Redacted)
	}
	c.RawQuery = RedactQuery(c.RawQuery)
	return c.String()
}

// RedactQuery returns the raw query with secret parameter values replaced,
// keeping the order and encoding of everything else.
func RedactQuery(raw string) string {
	if raw == "" {
		return raw
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		rawName, _, _ := strings.Cut(p, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil || SecretQueryParam(name) {
			parts[i] = rawName + "=" + Redacted
		}
	}
	return strings.Join(parts, "&")
}
