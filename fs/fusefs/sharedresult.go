package fusefs

import (
	"sync"

	"github.com/hanwen/go-fuse/v2/fuse"
)

// sharedResult is a read reply made of slices of read-ahead chunks. It
// has Slices, so go-fuse writes it with one writev straight from the
// chunks (no copy in this process) and calls Done afterwards, which lets
// the chunks go.
type sharedResult struct {
	bufs    [][]byte
	n       int
	release func()
	once    sync.Once
}

var _ fuse.ReadResult = (*sharedResult)(nil)

// Slices is go-fuse's vectored-reply interface.
func (r *sharedResult) Slices() ([][]byte, fuse.Status) { return r.bufs, fuse.OK }

// Bytes is the fallback for transports that want one buffer. It copies:
// go-fuse may call Done before it writes what Bytes returned.
func (r *sharedResult) Bytes(buf []byte) ([]byte, fuse.Status) {
	if cap(buf) < r.n {
		buf = make([]byte, 0, r.n)
	}
	buf = buf[:0]
	for _, b := range r.bufs {
		buf = append(buf, b...)
	}
	return buf, fuse.OK
}

// Size is the reply's length.
func (r *sharedResult) Size() int { return r.n }

// Done releases the chunks once the kernel has the bytes.
func (r *sharedResult) Done() { r.once.Do(r.release) }
