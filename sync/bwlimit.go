package sync

import (
	"context"
	"io"
	"sync"
	"time"
)

// Limiter is a token bucket of bytes shared by every transfer (--bwlimit).
// A nil *Limiter does not limit.
type Limiter struct {
	mu     sync.Mutex
	rate   float64 // bytes per second
	burst  float64
	tokens float64
	last   time.Time
}

// NewLimiter limits to bytesPerSec; 0 or less means no limit (nil).
func NewLimiter(bytesPerSec int64) *Limiter {
	if bytesPerSec <= 0 {
		return nil
	}
	r := float64(bytesPerSec)
	burst := max(r/8, 64<<10)
	return &Limiter{rate: r, burst: burst, tokens: burst, last: time.Now()}
}

// Wait takes n bytes' worth of tokens, sleeping until they are there.
// Tokens may go negative: each caller reserves its share and sleeps off
// its own debt, which keeps concurrent transfers fair.
func (l *Limiter) Wait(ctx context.Context, n int) error {
	if l == nil || n <= 0 {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
	l.tokens -= float64(n)
	debt := -l.tokens
	l.mu.Unlock()
	if debt <= 0 {
		return nil
	}
	t := time.NewTimer(time.Duration(debt / l.rate * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// meter counts a transfer's bytes into the stats and paces them.
type meter struct {
	ctx   context.Context
	r     io.Reader
	lim   *Limiter
	stats *Stats
	in    *inflight
}

func (m *meter) Read(p []byte) (int, error) {
	if m.lim != nil && len(p) > 256<<10 {
		p = p[:256<<10] // keep each wait short, so the pace stays smooth
	}
	n, err := m.r.Read(p)
	if n > 0 {
		m.stats.bytes.Add(int64(n))
		m.in.done.Add(int64(n))
		if werr := m.lim.Wait(m.ctx, n); werr != nil && err == nil {
			err = werr
		}
	}
	return n, err
}
