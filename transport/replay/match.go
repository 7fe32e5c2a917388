package replay

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/transport"
)

// volatileParams are presigned-URL parameters that change on every run;
// they and every secret parameter (transport.SecretQueryParam) are left out
// of matching.
var volatileParams = map[string]bool{
	"x-amz-algorithm": true, "x-amz-date": true, "x-amz-expires": true, "x-amz-signedheaders": true,
	"x-goog-algorithm": true, "x-goog-date": true, "x-goog-expires": true, "x-goog-signedheaders": true,
	"expires": true, "awsaccesskeyid": true,
}

// ignoredParam reports whether a query parameter is left out of matching.
func ignoredParam(name string) bool {
	return volatileParams[strings.ToLower(name)] || transport.SecretQueryParam(name)
}

// canonicalQuery sorts a query by name and value and drops the ignored
// parameters, so "b=2&a=1" and "a=1&b=2" match.
func canonicalQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return raw
	}
	for name, vals := range q {
		if ignoredParam(name) {
			delete(q, name)
			continue
		}
		slices.Sort(vals)
	}
	return q.Encode()
}

// matches reports whether req (whose body hashes to bodySum) is the
// request f recorded.
func (f *fixture) matches(req *http.Request, bodySum string) bool {
	if f.method != req.Method || f.path != cleanPath(req.URL.Path) ||
		f.query != canonicalQuery(req.URL.RawQuery) {
		return false
	}
	if f.host != "" && !strings.EqualFold(f.host, requestHost(req)) {
		return false
	}
	if f.bodySum != "" && f.bodySum != bodySum {
		return false
	}
	for name, want := range f.header {
		if !slices.Equal(req.Header.Values(name), want) {
			return false
		}
	}
	return true
}

func requestHost(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}
