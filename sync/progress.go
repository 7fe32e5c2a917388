package sync

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress redraws one status line (files, bytes, rate, ETA) on a
// terminal until stopped. The rate is over the last few seconds, so the
// ETA follows the current pace.
type Progress struct {
	w     io.Writer
	stats *Stats
	stop  chan struct{}
	done  chan struct{}
	hist  []sample
}

type sample struct {
	t time.Time
	b int64
}

// StartProgress draws on w every interval (250ms if 0).
func StartProgress(w io.Writer, stats *Stats, interval time.Duration) *Progress {
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	p := &Progress{w: w, stats: stats, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw(time.Now())
			case <-p.stop:
				fmt.Fprint(p.w, "\r\033[K")
				return
			}
		}
	}()
	return p
}

// Stop erases the line.
func (p *Progress) Stop() {
	close(p.stop)
	<-p.done
}

func (p *Progress) draw(now time.Time) {
	fmt.Fprint(p.w, "\r\033[K"+p.line(now))
}

// line renders the counters; it keeps a few seconds of samples for the rate.
func (p *Progress) line(now time.Time) string {
	s := p.stats.Snapshot()
	c := s.Counters
	p.hist = append(p.hist, sample{now, c.Bytes})
	for len(p.hist) > 2 && now.Sub(p.hist[0].t) > 5*time.Second {
		p.hist = p.hist[1:]
	}
	rate := 0.0
	if first := p.hist[0]; now.Sub(first.t) > 0 {
		rate = float64(c.Bytes-first.b) / now.Sub(first.t).Seconds()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d/%d files, %s/%s, %s/s", c.Copied, c.Queued, fmtBytes(c.Bytes), fmtBytes(c.QueuedBytes), fmtBytes(int64(rate)))
	if left := c.QueuedBytes - c.Bytes; left > 0 && rate > 0 {
		fmt.Fprintf(&b, ", ETA %s", time.Duration(float64(left)/rate*float64(time.Second)).Round(time.Second))
	}
	if c.Checked > 0 {
		fmt.Fprintf(&b, ", %d up to date", c.Checked)
	}
	if n := len(s.InFlight); n > 0 {
		fmt.Fprintf(&b, ", %d in flight", n)
	}
	if c.Failed > 0 {
		fmt.Fprintf(&b, ", %d failed", c.Failed)
	}
	if s.Pending > 0 {
		fmt.Fprintf(&b, ", %d pending", s.Pending)
	}
	return b.String()
}
