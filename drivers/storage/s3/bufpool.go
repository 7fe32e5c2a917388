package s3

import (
	"sync"
	"sync/atomic"

	"github.com/cloudfs/cloudfs/internal/hugebuf"
)

// bufPool recycles part buffers between parts and between writers, one
// sync.Pool per buffer size. It bounds nothing by itself: a writer holds
// at most Concurrency+1 buffers (one filling, the others in flight), and
// the pool only saves allocating and zeroing them again. Idle buffers go
// at the next garbage collections, as sync.Pool's always do.
type bufPool struct {
	mu    sync.Mutex
	pools map[int]*sync.Pool

	// out counts buffers handed out and not yet back; peak is its
	// high-water mark. Tests read them to check the memory bound.
	out, peak atomic.Int64
}

// get returns a buffer of exactly size bytes. Its content is garbage.
func (p *bufPool) get(size int) []byte {
	n := p.out.Add(1)
	for {
		old := p.peak.Load()
		if n <= old || p.peak.CompareAndSwap(old, n) {
			break
		}
	}
	if b, ok := p.pool(size).Get().(*[]byte); ok {
		return *b
	}
	return hugebuf.Make(size)
}

// put gives b back for reuse by buffers of its capacity.
func (p *bufPool) put(b []byte) {
	p.out.Add(-1)
	b = b[:cap(b)]
	p.pool(len(b)).Put(&b)
}

func (p *bufPool) pool(size int) *sync.Pool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pools == nil {
		p.pools = map[int]*sync.Pool{}
	}
	sp, ok := p.pools[size]
	if !ok {
		sp = &sync.Pool{}
		p.pools[size] = sp
	}
	return sp
}
