package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// progress draws one self-updating status line on a terminal: bytes and
// files done and the rate. A nil *progress (not a terminal, or --quiet)
// does nothing, so callers never check.
type progress struct {
	w      io.Writer
	start  time.Time
	bytes  atomic.Int64
	total  atomic.Int64 // bytes known to be coming (grows as a tree is walked)
	files  atomic.Int64
	stopCh chan struct{}
	done   chan struct{}
	once   sync.Once
}

// newProgress returns a progress line on w if w is a terminal.
func newProgress(w io.Writer, quiet bool) *progress {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	p := &progress{w: w, start: time.Now(), stopCh: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			p.render()
		case <-p.stopCh:
			p.render()
			fmt.Fprintln(p.w)
			return
		}
	}
}

func (p *progress) render() {
	secs := time.Since(p.start).Seconds()
	n := p.bytes.Load()
	rate := 0.0
	if secs > 0 {
		rate = float64(n) / secs
	}
	done := humanBytes(float64(n))
	if total := p.total.Load(); total > 0 {
		done = fmt.Sprintf("%s / %s (%d%%)", done, humanBytes(float64(total)), n*100/max(total, n, 1))
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s  %d files  %s/s  %s", done, p.files.Load(), humanBytes(rate), time.Since(p.start).Truncate(time.Second))
}

// expect adds n bytes to the total still to copy.
func (p *progress) expect(n int64) {
	if p != nil && n > 0 {
		p.total.Add(n)
	}
}

// reader counts what is read through it.
func (p *progress) reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &countingReader{r: r, n: &p.bytes}
}

// fileDone counts a finished file; moved is the bytes that did not flow
// through reader (a server-side or cross-account copy).
func (p *progress) fileDone(moved int64) {
	if p == nil {
		return
	}
	p.files.Add(1)
	p.bytes.Add(moved)
}

// stop draws the final state and ends the line.
func (p *progress) stop() {
	if p == nil {
		return
	}
	p.once.Do(func() { close(p.stopCh) })
	<-p.done
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// humanBytes renders a byte count in IEC units: "1.5 MiB".
func humanBytes(n float64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%.0f B", n)
	}
	suffixes := "KMGTPE"
	i := -1
	for n >= unit && i < len(suffixes)-1 {
		n /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", n, suffixes[i])
}
