package transport

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// noFollowDefault is the inverse of the global switch, so the zero value
// means "follow".
var noFollowDefault atomic.Bool

// SetDefaultFollowRedirects sets whether clients created afterwards follow
// redirects when their Options leave FollowRedirects nil. It is on at start.
func SetDefaultFollowRedirects(follow bool) { noFollowDefault.Store(!follow) }

// redirectPolicy returns the http.Client CheckRedirect for the account's
// setting: follow up to MaxRedirects, or return the 3xx response itself.
func redirectPolicy(follow *bool) func(*http.Request, []*http.Request) error {
	on := !noFollowDefault.Load()
	if follow != nil {
		on = *follow
	}
	if !on {
		return func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return func(_ *http.Request, via []*http.Request) error {
		if len(via) >= MaxRedirects {
			return fmt.Errorf("transport: stopped after %d redirects", MaxRedirects)
		}
		return nil
	}
}
