package vfs

import (
	"context"
	"io"
	"sync"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// remoteSrc is the object a handle reads.
type remoteSrc struct {
	acct           *storage.Account
	container, key string
	size           int64
	etag           string // sent as If-Match when the account honours it
}

// readAhead serves one handle's reads of a remote object. A sequential
// reader gets a ring of chunks fetched ahead of it by ranged GETs; the
// window doubles (1 MiB up to Options.ReadAheadMax) as the reader
// consumes chunks, and chunk sizes grow with it (half the window, 256 KiB
// to 32 MiB), so the next range is always in flight. Two long GETs at a
// time rather than many short ones: the server spends less per byte on
// fewer, longer streams (on MinIO, a quarter less CPU for a 1 GiB read;
// docs/BENCHMARKS.md). The ring's memory is taken from the VFS-wide
// read-ahead budget without waiting: when the budget is spent, the reader
// falls back to exact ranges, so memory stays bounded whatever the file
// sizes and however many files are open. A random reader gets exactly the
// range it asked for, read straight into the reply buffer.
type readAhead struct {
	v      *VFS
	src    remoteSrc
	ctx    context.Context // fetches; cancelled by close
	cancel context.CancelFunc

	mu      sync.Mutex // ring state
	chunks  []*chunk   // consecutive ranges, in order
	window  int64
	lastEnd int64 // end of the last read served
	reads   int

	chunkMu sync.Mutex // chunk fill state and references

	fetches sync.WaitGroup // running fetches; close waits for them
}

const raInitial = 1 << 20

func newReadAhead(v *VFS, src remoteSrc) *readAhead {
	ctx, cancel := context.WithCancel(v.ctx)
	return &readAhead{v: v, src: src, ctx: ctx, cancel: cancel, window: raInitial}
}

// read fills dest from off; it returns fewer bytes only at the end of the
// object. A chunk that failed (or was dropped while this read waited on
// it) is read again directly, so a short read always means the end.
func (r *readAhead) read(ctx context.Context, dest []byte, off int64) (int, error) {
	if off >= r.src.size {
		return 0, nil
	}
	want := int(min(int64(len(dest)), r.src.size-off))
	total := 0
	for total < want {
		pos := off + int64(total)
		c := r.chunkFor(pos)
		if c == nil {
			n, err := r.direct(ctx, dest[total:want], pos)
			total += n
			r.served(off, total)
			return total, err
		}
		n, err := r.copyOut(ctx, c, dest[total:want], pos)
		r.unref(c)
		total += n
		if err != nil {
			if ctx.Err() != nil {
				return total, ctx.Err()
			}
			n, err := r.direct(ctx, dest[total:want], pos+int64(n))
			total += n
			r.served(off, total)
			return total, err
		}
	}
	r.served(off, total)
	return total, nil
}

// readShared is read without the copy: the bytes are returned as slices
// of the read-ahead chunks, which stay allocated until release is called
// (after the kernel has taken them). ok is false when they are not all in
// the ring (a random read, no budget, a failed chunk): then the caller
// reads into its own buffer.
func (r *readAhead) readShared(ctx context.Context, off int64, size int) (bufs [][]byte, n int, release func(), ok bool) {
	if off >= r.src.size {
		return nil, 0, func() {}, true
	}
	want := int(min(int64(size), r.src.size-off))
	var held []*chunk
	release = func() {
		for _, c := range held {
			r.unref(c)
		}
	}
	for n < want {
		pos := off + int64(n)
		c := r.chunkFor(pos)
		if c == nil {
			release()
			return nil, 0, nil, false
		}
		held = append(held, c)
		end := min(pos+int64(want-n), c.off+c.len)
		if r.waitFor(ctx, c, end) != nil {
			release()
			return nil, 0, nil, false
		}
		bufs = append(bufs, c.buf[pos-c.off:end-c.off])
		n += int(end - pos)
	}
	r.served(off, n)
	return bufs, n, release, true
}

func (r *readAhead) served(off int64, n int) {
	r.mu.Lock()
	r.lastEnd = off + int64(n)
	r.reads++
	r.mu.Unlock()
}

// chunkFor returns a referenced chunk holding pos, starting, extending or
// moving the ring for a sequential reader; nil means read pos directly.
// The kernel reads ahead too, with several requests in flight that may
// arrive slightly out of order: a position a little past the ring
// extends it rather than counting as a random read.
func (r *readAhead) chunkFor(pos int64) *chunk {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := r.find(pos)
	if i < 0 {
		end := r.ringEnd()
		switch {
		case len(r.chunks) > 0 && pos >= end && pos <= end+r.window:
			// just ahead of the ring: schedule extends it to pos
		case pos == r.lastEnd || len(r.chunks) == 0 && pos == 0:
			r.dropLocked()
			r.window = raInitial
		default:
			return nil
		}
		r.schedule(pos)
		if i = r.find(pos); i < 0 {
			// No budget left: exact ranges until there is. The ring
			// lies wholly behind pos, so it goes, and its budget with it.
			r.dropLocked()
			return nil
		}
	}
	r.advance(i)
	r.schedule(pos)
	c := r.chunks[r.find(pos)]
	r.chunkMu.Lock()
	c.refs++
	r.chunkMu.Unlock()
	return c
}

func (r *readAhead) find(pos int64) int {
	for i, c := range r.chunks {
		if pos >= c.off && pos < c.off+c.len {
			return i
		}
	}
	return -1
}

func (r *readAhead) ringEnd() int64 {
	if len(r.chunks) == 0 {
		return -1
	}
	c := r.chunks[len(r.chunks)-1]
	return c.off + c.len
}

// advance drops the chunks consumed before chunk i (keeping one behind
// for the kernel's slightly out-of-order reads) and widens the window
// for each one consumed. A dropped chunk's fetch is left to finish: a
// read may still be copying from it.
func (r *readAhead) advance(i int) {
	for i > 1 {
		r.unref(r.chunks[0])
		r.chunks = r.chunks[1:]
		i--
		r.window = min(r.window*2, r.v.opts.ReadAheadMax)
	}
}

// schedule starts fetches until the ring covers pos+window or the budget
// is spent. A chunk the budget cannot hold at its full size is fetched
// smaller, so readers sharing the budget slow down gradually. A closed
// ring starts nothing.
func (r *readAhead) schedule(pos int64) {
	if r.ctx.Err() != nil {
		return
	}
	end := r.ringEnd()
	if end < 0 {
		end = pos
	}
	target := min(pos+r.window, r.src.size)
	for end < target {
		class := classSize(r.window / 2)
		for !r.v.raBudget.TryAcquire(class) {
			if class <= minChunk {
				return
			}
			class /= 2
		}
		l := min(class, r.src.size-end)
		r.v.stats.raAdd(class)
		ctx, cancel := context.WithCancel(r.ctx)
		c := &chunk{off: end, len: l, class: class, buf: r.v.bufs.get(class)[:l], cancel: cancel, wake: make(chan struct{}), refs: 2}
		r.chunks = append(r.chunks, c)
		r.v.stats.Chunks.Add(1)
		r.fetches.Go(func() { r.fetch(ctx, c) })
		end += l
	}
}

func (r *readAhead) fetch(ctx context.Context, c *chunk) {
	defer c.cancel()
	rd, err := r.src.acct.NewRangeReader(ctx, r.src.container, r.src.key, c.off, c.len, r.readerOptions())
	if err != nil {
		r.finish(c, err)
		return
	}
	defer rd.Close()
	r.fill(ctx, c, rd)
}

// direct reads exactly dest at off, straight into dest.
func (r *readAhead) direct(ctx context.Context, dest []byte, off int64) (int, error) {
	r.v.stats.Direct.Add(1)
	rd, err := r.src.acct.NewRangeReader(ctx, r.src.container, r.src.key, off, int64(len(dest)), r.readerOptions())
	if err != nil {
		return 0, err
	}
	defer rd.Close()
	n, err := io.ReadFull(rd, dest)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return n, err
}

func (r *readAhead) readerOptions() *storage.ReaderOptions {
	if r.src.etag == "" || !r.src.acct.Features().ConditionalRead {
		return nil
	}
	return &storage.ReaderOptions{IfMatch: r.src.etag}
}

// reset drops the ring after an error; the next read starts afresh.
func (r *readAhead) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dropLocked()
	r.lastEnd = -1
}

func (r *readAhead) dropLocked() {
	for _, c := range r.chunks {
		r.chunkMu.Lock()
		idle := c.refs <= 2 // the ring and the fetcher: no read waits on it
		r.chunkMu.Unlock()
		if idle {
			c.cancel()
		}
		r.unref(c)
	}
	r.chunks = nil
}

// close cancels the fetches and frees the ring (no read is in progress:
// the handle is being released). It returns once every fetch has ended,
// so the handle's read-ahead memory is back in the budget when the
// release is answered.
func (r *readAhead) close() {
	r.cancel()
	r.mu.Lock()
	r.dropLocked()
	r.mu.Unlock()
	r.fetches.Wait()
}
