package transport

import (
	"net/http"
	"strings"
)

// Version is cloudfs's version in the User-Agent. The CLI sets it with
// -ldflags "-X github.com/cloudfs/cloudfs/transport.Version=v1.2.3".
var Version = "dev"

// userAgentString is the product token a client sends: the override from
// Options.UserAgent, or "cloudfs/<Version>".
func userAgentString(override string) string {
	if override != "" {
		return override
	}
	return "cloudfs/" + Version
}

// userAgent puts the cloudfs product token first in every request's
// User-Agent: alone when the request has none, or before the SDK's own
// ("cloudfs/dev aws-sdk-go-v2/1.30 ...").
type userAgent struct {
	next http.RoundTripper
	ua   string
}

var _ http.RoundTripper = (*userAgent)(nil)

func (u *userAgent) RoundTrip(req *http.Request) (*http.Response, error) {
	have := req.Header.Get("User-Agent")
	if strings.HasPrefix(have, u.ua) {
		return u.next.RoundTrip(req)
	}
	ua := u.ua
	if have != "" {
		ua += " " + have
	}
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", ua)
	return u.next.RoundTrip(r)
}

// CloseIdleConnections forwards to the next transport.
func (u *userAgent) CloseIdleConnections() { closeIdle(u.next) }
