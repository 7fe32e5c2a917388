package testenv

import (
	"bytes"
	"sync"
)

// TailBuffer keeps the last 64 KiB written to it. It is safe to read
// while a child process writes to it, which makes it the place for a
// server's or a binary's output in tests.
type TailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *TailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if over := b.buf.Len() - 64<<10; over > 0 {
		b.buf.Next(over)
	}
	return len(p), nil
}

func (b *TailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
