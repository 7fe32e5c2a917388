package vfs

import (
	"context"
	"errors"
	"io"
)

// chunk is one range of a file fetched ahead of the reader by a single
// ranged GET. The HTTP body is read straight into buf; readers copy out
// of it into the FUSE reply (the only copy) as soon as the bytes they
// need have arrived.
type chunk struct {
	off, len int64
	class    int64 // buffer size, and the budget held
	buf      []byte
	cancel   context.CancelFunc // stops the fetch when the ring drops c

	// guarded by readAhead's chunk lock (chunkMu)
	n    int64 // bytes filled
	err  error
	done bool
	wake chan struct{} // closed at each progress
	refs int           // the ring, the fetcher and the readers copying
}

// errChunkShort means the object was shorter than its size said.
var errChunkShort = errors.New("object shorter than expected")

// fill reads the range from body, publishing progress as it goes. It
// stops early when ctx ends (the ring dropped c, or the handle closed),
// whether or not the driver's body notices.
func (r *readAhead) fill(ctx context.Context, c *chunk, body io.Reader) {
	const step = 256 << 10
	for {
		r.chunkMu.Lock()
		n := c.n
		r.chunkMu.Unlock()
		if n >= c.len {
			r.finish(c, nil)
			return
		}
		if err := ctx.Err(); err != nil {
			r.finish(c, err)
			return
		}
		k, err := body.Read(c.buf[n:min(n+step, c.len)])
		r.chunkMu.Lock()
		c.n += int64(k)
		close(c.wake)
		c.wake = make(chan struct{})
		r.chunkMu.Unlock()
		if err == io.EOF && c.n < c.len {
			err = errChunkShort
		}
		if err != nil && err != io.EOF {
			r.finish(c, err)
			return
		}
	}
}

// finish ends the fetch of c with err (nil on success) and drops the
// fetcher's reference.
func (r *readAhead) finish(c *chunk, err error) {
	r.chunkMu.Lock()
	c.err, c.done = err, true
	close(c.wake)
	c.wake = make(chan struct{})
	r.chunkMu.Unlock()
	r.unref(c)
}

// copyOut waits until c holds pos..end (or failed) and copies it into dst.
// The caller holds a reference.
func (r *readAhead) copyOut(ctx context.Context, c *chunk, dst []byte, pos int64) (int, error) {
	end := min(pos+int64(len(dst)), c.off+c.len)
	if err := r.waitFor(ctx, c, end); err != nil {
		return 0, err
	}
	return copy(dst, c.buf[pos-c.off:end-c.off]), nil
}

// waitFor waits until c holds everything before end, or failed. The
// caller holds a reference.
func (r *readAhead) waitFor(ctx context.Context, c *chunk, end int64) error {
	r.chunkMu.Lock()
	for c.off+c.n < end && c.err == nil {
		wake := c.wake
		r.chunkMu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
		r.chunkMu.Lock()
	}
	err, filled := c.err, c.off+c.n
	r.chunkMu.Unlock()
	if filled < end {
		return err
	}
	return nil
}

// unref drops one reference; the last frees the buffer and the budget.
func (r *readAhead) unref(c *chunk) {
	r.chunkMu.Lock()
	c.refs--
	last := c.refs == 0
	r.chunkMu.Unlock()
	if !last {
		return
	}
	r.v.bufs.put(c.buf)
	c.buf = nil
	r.v.raBudget.Release(c.class)
	r.v.stats.raAdd(-c.class)
}
