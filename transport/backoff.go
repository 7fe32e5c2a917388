package transport

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff returns the wait before retry n (0 for the first retry):
// exponential backoff with full jitter, a uniformly random duration in
// [0, min(maxDelay, base·2ⁿ)].
func Backoff(n int, base, maxDelay time.Duration) time.Duration {
	if base <= 0 || maxDelay <= 0 {
		return 0
	}
	ceil := maxDelay
	if n < 62 && base <= maxDelay>>n {
		ceil = base << n
	}
	return rand.N(ceil + 1)
}

// RetryAfter parses a Retry-After header, in seconds or as an HTTP date
// relative to now. ok is false when the header is absent or malformed; a
// date in the past gives 0.
func RetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		const maxSecs = 1 << 31 // keeps the Duration from overflowing
		return time.Duration(min(secs, maxSecs)) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
