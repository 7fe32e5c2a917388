package resfs

import (
	"bytes"
	"context"
	"sync"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/fs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// handle is an open resource file. Writes go to buf in memory (bounded by
// the folder's limit); flush (every close) and fsync apply buf when it
// changed, so the writer's close returns the provider's verdict.
type handle struct {
	n       *fileNode
	pending string // the name counted in the folder's pending files until release ("" if none)

	mu     sync.Mutex
	base   []byte // the resource as the writer saw it (nil: unknown)
	exists bool   // the resource existed: apply updates rather than creates
	buf    []byte
	dirty  bool
	failed syscall.Errno // the last apply's error, returned again until the next write
}

func (h *handle) size() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.buf)
}

var _ = (gofs.FileReader)((*handle)(nil))

func (h *handle) Read(ctx context.Context, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if off >= int64(len(h.buf)) {
		return fuse.ReadResultData(nil), 0
	}
	n := copy(dest, h.buf[off:])
	return fuse.ReadResultData(dest[:n]), 0
}

var _ = (gofs.FileWriter)((*handle)(nil))

func (h *handle) Write(ctx context.Context, data []byte, off int64) (uint32, syscall.Errno) {
	d, name, _ := h.n.where()
	end := off + int64(len(data))
	if end > int64(d.limit(name)) {
		return 0, syscall.EFBIG
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if end > int64(len(h.buf)) {
		h.buf = append(h.buf, make([]byte, int(end)-len(h.buf))...)
	}
	copy(h.buf[off:], data)
	h.dirty, h.failed = true, 0
	return uint32(len(data)), 0
}

func (h *handle) truncate(size int) syscall.Errno {
	d, name, _ := h.n.where()
	if size > d.limit(name) {
		return syscall.EFBIG
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if size <= len(h.buf) {
		h.buf = h.buf[:size]
	} else {
		h.buf = append(h.buf, make([]byte, size-len(h.buf))...)
	}
	h.dirty, h.failed = true, 0
	return 0
}

var _ = (gofs.FileFlusher)((*handle)(nil))

func (h *handle) Flush(ctx context.Context) syscall.Errno { return h.apply(ctx) }

var _ = (gofs.FileFsyncer)((*handle)(nil))

func (h *handle) Fsync(ctx context.Context, flags uint32) syscall.Errno { return h.apply(ctx) }

var _ = (gofs.FileReleaser)((*handle)(nil))

func (h *handle) Release(ctx context.Context) syscall.Errno {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.settle()
	return 0
}

// settle ends the handle's claim on a file it created: after its first
// apply (the kernel releases files after close returns, too late for a
// stat that follows the close) the file is at the provider or not there.
// h.mu must be held.
func (h *handle) settle() {
	if h.pending == "" {
		return
	}
	d, _, _ := h.n.where()
	d.addPending(h.pending, -1)
	if !h.exists {
		d.dropEntry(h.pending)
	}
	h.pending = ""
}

// apply applies the buffer if it changed since the last apply. A new
// file closed empty (touch) creates nothing. A file renamed to a scratch
// name while open keeps its content in memory instead.
func (h *handle) apply(ctx context.Context) syscall.Errno {
	h.mu.Lock()
	defer h.mu.Unlock()
	defer h.settle()
	if !h.dirty {
		return h.failed
	}
	h.dirty = false
	d, name, mem := h.n.where()
	if mem != nil {
		mem.set(h.buf)
		return 0
	}
	if !h.exists && len(bytes.TrimSpace(h.buf)) == 0 {
		return 0
	}
	if !h.exists && h.base != nil {
		err := errs.Errorf(errs.PreconditionFailed, "write", name, "the resource was deleted since the file was read; write it to a new file to create it again")
		d.fail(name, err)
		h.failed = fs.Errno(err)
		return h.failed
	}
	if err := d.apply(ctx, name, h.exists, h.base, h.buf); err != nil {
		h.failed = fs.Errno(err)
		return h.failed
	}
	h.failed, h.exists = 0, true
	if seen := d.seenOf(name); seen != nil {
		h.base = seen
	}
	return 0
}
