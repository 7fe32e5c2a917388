package vfs

import (
	"context"
	"os"
	"sync"
	"syscall"
)

// Handle is one open file description. Handles of the same path share
// one file state.
type Handle struct {
	v           *VFS
	f           *file
	read, write bool
	append      bool

	// wrote (guarded by the file's lock) is set by a write and cleared
	// by a flush: the handle has writes its close has not committed yet.
	wrote bool

	mu       sync.Mutex
	ra       *readAhead
	released bool
}

// Open opens the existing file p with open(2) flags.
func (v *VFS) Open(ctx context.Context, p Path, flags int) (*Handle, error) {
	ctx = uninterruptible(ctx)
	h := newHandle(v, flags)
	if h.write {
		if err := v.writable(); err != nil {
			return nil, err
		}
	}
	f, err := v.acquire(ctx, p)
	if err != nil {
		return nil, err
	}
	h.f = f
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opens++
	if h.write {
		f.writers++
		if flags&os.O_TRUNC != 0 {
			h.active()
			if err := f.setSize(ctx, 0); err != nil {
				h.idle()
				f.opens--
				f.writers--
				v.release(f)
				return nil, err
			}
		}
	}
	return h, nil
}

// Create makes the new file p and opens it.
func (v *VFS) Create(ctx context.Context, p Path, flags int, mode uint32) (*Handle, Attr, error) {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return nil, Attr{}, err
	}
	if !validName(p.Name()) || p.Key == "" {
		return nil, Attr{}, syscall.EINVAL
	}
	f, ok := v.register(p, mode)
	if !ok {
		if flags&os.O_EXCL != 0 {
			return nil, Attr{}, syscall.EEXIST
		}
		h, err := v.Open(ctx, p, flags)
		if err != nil {
			return nil, Attr{}, err
		}
		return h, h.Attr(), nil
	}
	h := newHandle(v, flags)
	h.f = f
	f.mu.Lock()
	f.opens++
	if h.write {
		f.writers++
	}
	a := f.attr.clone()
	f.mu.Unlock()
	v.meta.put(p, a)
	return h, a, nil
}

func newHandle(v *VFS, flags int) *Handle {
	acc := flags & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR)
	return &Handle{
		v: v, read: acc != os.O_WRONLY, write: acc != os.O_RDONLY, append: flags&os.O_APPEND != 0,
	}
}

// Path is the handle's current path.
func (h *Handle) Path() Path { return h.f.pathNow() }

// Committed reports whether an object exists for the file at the
// provider (false for a new file whose upload failed or has not happened).
func (h *Handle) Committed() bool {
	h.f.mu.Lock()
	defer h.f.mu.Unlock()
	return h.f.exists
}

// Attr is the file's current attributes.
func (h *Handle) Attr() Attr { return h.f.attrNow() }

// Setattr changes the file through this handle (ftruncate, futimens).
func (h *Handle) Setattr(ctx context.Context, s SetAttr) (Attr, error) {
	return h.v.Setattr(ctx, h.Path(), h, s)
}

// Read fills dest from off; fewer bytes only at the end of the file.
func (h *Handle) Read(ctx context.Context, dest []byte, off int64) (int, error) {
	n, err := h.f.read(ctx, h, dest, off)
	h.v.stats.Reads.Add(1)
	h.v.stats.ReadBytes.Add(int64(n))
	return n, err
}

// Write writes data at off.
func (h *Handle) Write(ctx context.Context, data []byte, off int64) (int, error) {
	if !h.write {
		return 0, syscall.EBADF
	}
	return h.f.write(mutation(ctx), h, data, off)
}

// Flush is close(2) of one descriptor: it commits, unless another handle
// has written since its own last flush (two programs writing one file:
// the last to close commits). A handle can be flushed more than once
// (dup'ed descriptors). Handles are counted by their writes, not by being
// open, because the kernel releases a closed handle asynchronously: a
// handle that was closed but not yet released must not hold up the next
// writer's close.
func (h *Handle) Flush(ctx context.Context) error {
	ctx = mutation(ctx)
	if !h.write {
		return nil
	}
	f := h.f
	f.mu.Lock()
	defer f.mu.Unlock()
	h.idle()
	if f.busy > 0 {
		return f.failed // another descriptor is still writing: its close commits
	}
	if f.hold() {
		return nil // a temporary file: its rename uploads it (hold.go)
	}
	return f.commit(ctx)
}

// idle records that h has nothing uncommitted of its own. Callers hold
// the file's lock.
func (h *Handle) idle() {
	if h.wrote {
		h.wrote = false
		h.f.busy--
	}
}

// active records that h has written. Callers hold the file's lock.
func (h *Handle) active() {
	if !h.wrote {
		h.wrote = true
		h.f.busy++
	}
}

// Fsync commits the file now, whoever else has it open.
func (h *Handle) Fsync(ctx context.Context) error {
	ctx = mutation(ctx)
	f := h.f
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.commit(ctx)
}

// Release is the last close of the handle. Its error is logged only (the
// kernel does not report it): writes after the last flush are committed
// here, which is why close(2) is where errors are reported.
func (h *Handle) Release(ctx context.Context) error {
	ctx = mutation(ctx)
	h.mu.Lock()
	if h.released {
		h.mu.Unlock()
		return nil
	}
	h.released = true
	ra := h.ra
	h.ra = nil
	h.mu.Unlock()
	if ra != nil {
		ra.close()
	}
	f := h.f
	f.mu.Lock()
	f.opens--
	var err error
	if h.write {
		h.idle()
		f.writers--
		if f.writers == 0 && f.dirty && !f.held {
			err = f.commit(ctx)
		}
	}
	if f.opens == 0 && !f.held {
		f.closeLocal()
	}
	f.mu.Unlock()
	h.v.release(f)
	return err
}

// ReadShared is Read without a copy, for the FUSE reply: the bytes come
// back as slices of the read-ahead chunks, held until release is called.
// ok is false when they are not in the read-ahead (a local file, a random
// read): then use Read.
func (h *Handle) ReadShared(ctx context.Context, off int64, size int) (bufs [][]byte, n int, release func(), ok bool) {
	src, remote := h.f.remote()
	if !remote {
		return nil, 0, nil, false
	}
	ra, err := h.readAhead(src)
	if err != nil {
		return nil, 0, nil, false
	}
	bufs, n, release, ok = ra.readShared(ctx, off, size)
	if ok {
		h.v.stats.Reads.Add(1)
		h.v.stats.ReadBytes.Add(int64(n))
	}
	return bufs, n, release, ok
}

// remoteRead reads from the provider through the handle's read-ahead.
func (h *Handle) remoteRead(ctx context.Context, src remoteSrc, dest []byte, off int64) (int, error) {
	ra, err := h.readAhead(src)
	if err != nil {
		return 0, err
	}
	return ra.read(ctx, dest, off)
}

// readAhead returns the handle's read-ahead for src, replacing one for
// another object version or name.
func (h *Handle) readAhead(src remoteSrc) (*readAhead, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.released {
		return nil, syscall.EBADF
	}
	if h.ra == nil || h.ra.src != src {
		if h.ra != nil {
			h.ra.close()
		}
		h.ra = newReadAhead(h.v, src)
	}
	return h.ra, nil
}
