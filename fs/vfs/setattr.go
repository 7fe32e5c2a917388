package vfs

import (
	"context"
	"syscall"
	"time"
)

// SetAttr is a setattr request; nil fields are left alone. Ownership is
// not stored (uid and gid come from the mount's options), so chown
// succeeds without effect, as it does on rclone mounts.
type SetAttr struct {
	Size  *int64
	Mtime *time.Time
	Mode  *uint32
}

// Setattr changes p (through h when the request came with a handle).
// A size change of a file nobody has open for writing is uploaded at
// once; mtime and mode are stored in the object's metadata, or folded
// into a pending upload.
func (v *VFS) Setattr(ctx context.Context, p Path, h *Handle, s SetAttr) (Attr, error) {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return Attr{}, err
	}
	if s.Size != nil {
		if err := v.truncate(ctx, p, h, *s.Size); err != nil {
			return Attr{}, err
		}
	}
	if s.Mtime == nil && s.Mode == nil {
		return v.attrOf(ctx, p, h)
	}
	return v.updateTimesMode(ctx, p, h, func(a *Attr) error {
		if s.Mtime != nil {
			a.Mtime = *s.Mtime
		}
		if s.Mode != nil {
			a.Mode = *s.Mode & 0o7777
		}
		return nil
	})
}

func (v *VFS) attrOf(ctx context.Context, p Path, h *Handle) (Attr, error) {
	if h != nil {
		return h.Attr(), nil
	}
	return v.Stat(ctx, p)
}

// truncate sets a file's size.
func (v *VFS) truncate(ctx context.Context, p Path, h *Handle, n int64) error {
	if n < 0 {
		return syscall.EINVAL
	}
	var f *file
	if h != nil {
		f = h.f
		v.mu.Lock()
		f.refs++
		v.mu.Unlock()
	} else {
		var err error
		if f, err = v.acquire(ctx, p); err != nil {
			return err
		}
	}
	defer v.release(f)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.setSize(ctx, n); err != nil {
		return err
	}
	if h != nil {
		h.active() // ftruncate: committed with the handle's other writes
		return nil
	}
	if f.busy > 0 {
		return nil // a writer's close uploads it
	}
	err := f.commit(ctx)
	if f.opens == 0 {
		f.closeLocal()
	}
	return err
}

// updateMeta applies fn to p's attributes and stores them: in the
// pending upload of a file being written, otherwise on the provider
// (SetMetadata). Directories keep no metadata: fn's change is accepted
// and not stored.
func (v *VFS) updateMeta(ctx context.Context, p Path, h *Handle, fn func(*Attr) error) (Attr, error) {
	return v.updateMetaWith(ctx, p, h, fn, func(p Path, a Attr) error {
		v.metaQ.drop(p) // a carries whatever was queued: store it all now
		return v.setMetadata(p, a.Kind, a)
	})
}

// updateTimesMode is updateMeta for chmod and utimes, whose storing may be
// delayed (metaqueue.go).
func (v *VFS) updateTimesMode(ctx context.Context, p Path, h *Handle, fn func(*Attr) error) (Attr, error) {
	return v.updateMetaWith(ctx, p, h, fn, v.metaQ.put)
}

func (v *VFS) updateMetaWith(ctx context.Context, p Path, h *Handle, fn func(*Attr) error, store func(Path, Attr) error) (Attr, error) {
	f := v.openFile(p)
	if h != nil {
		f = h.f
	}
	if f != nil {
		if a, done, err := v.updatePending(ctx, f, fn); done {
			return a, err
		}
	}
	a, err := v.statFresh(ctx, p)
	if err != nil {
		return Attr{}, err
	}
	if err := fn(&a); err != nil || a.Kind == KindDir {
		return a, err
	}
	if err := store(p, a); err != nil {
		return Attr{}, errNotFoundToENOENT(err)
	}
	a.ETag = ""
	v.meta.put(p, a)
	if f != nil {
		f.mu.Lock()
		f.attr.Mtime, f.attr.Mode, f.attr.Meta, f.attr.MetaKnown, f.attr.ETag = a.Mtime, a.Mode, a.clone().Meta, true, ""
		f.mu.Unlock()
	}
	return a, nil
}

// updatePending applies fn to an open file. done is false when the file
// has nothing pending and the change must go to the provider.
func (v *VFS) updatePending(ctx context.Context, f *file, fn func(*Attr) error) (Attr, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.dirty && f.state != stStream {
		if !f.exists {
			return Attr{}, true, syscall.ENOENT
		}
		return Attr{}, false, nil
	}
	if err := f.ensureMeta(ctx); err != nil {
		return Attr{}, true, err
	}
	before := f.attr.Mtime
	if err := fn(&f.attr); err != nil {
		return Attr{}, true, err
	}
	if !f.attr.Mtime.Equal(before) {
		f.mtimeSet = true
	}
	if f.state == stStream {
		f.metaDirty = true
	}
	p := f.pathNow()
	v.meta.put(p, f.attr)
	return f.attr.clone(), true, nil
}
