package transport

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestBackoffBounds(t *testing.T) {
	base, maxDelay := 100*time.Millisecond, 10*time.Second
	for n := range 100 {
		ceil := maxDelay
		if n < 7 { // 100ms·2⁷ > 10s
			ceil = base << n
		}
		for range 50 {
			d := Backoff(n, base, maxDelay)
			require.GreaterOrEqual(t, d, time.Duration(0), n)
			require.LessOrEqual(t, d, ceil, n)
		}
	}
	require.Zero(t, Backoff(3, 0, time.Second))
}

func TestBackoffIsJittered(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 20 {
		seen[Backoff(10, time.Second, time.Hour)] = true
	}
	require.Greater(t, len(seen), 1, "full jitter draws different waits")
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
		ok     bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"99999999999999999", (1 << 31) * time.Second, true},
		{"Fri, 02 Jan 2026 15:04:35 GMT", 30 * time.Second, true},
		{"Fri, 02 Jan 2026 15:00:00 GMT", 0, true}, // in the past
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		got, ok := RetryAfter(h, now)
		require.Equal(t, tt.ok, ok, tt.header)
		require.Equal(t, tt.want, got, tt.header)
	}
}
