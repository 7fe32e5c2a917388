package vfs

import (
	"math/bits"
	"sync"

	"github.com/cloudfs/cloudfs/internal/hugebuf"
)

// Read-ahead chunk sizes are powers of two between these bounds; each
// size has its own pool, so a buffer is reused at its own size.
const (
	minChunk = 256 << 10
	maxChunk = 32 << 20
)

type bufPool struct {
	pools [64]sync.Pool
}

func newBufPool() *bufPool { return &bufPool{} }

// classSize rounds n up to a power of two within [minChunk, maxChunk].
func classSize(n int64) int64 {
	if n <= minChunk {
		return minChunk
	}
	if n >= maxChunk {
		return maxChunk
	}
	return 1 << bits.Len64(uint64(n-1))
}

// get returns a buffer of exactly size bytes (a class size).
func (p *bufPool) get(size int64) []byte {
	i := bits.Len64(uint64(size))
	if b, ok := p.pools[i].Get().(*[]byte); ok && int64(cap(*b)) == size {
		return (*b)[:size]
	}
	return hugebuf.Make(int(size))
}

func (p *bufPool) put(b []byte) {
	b = b[:cap(b)]
	p.pools[bits.Len64(uint64(len(b)))].Put(&b)
}
