package vfs

import (
	"context"
	"slices"
	"strings"
	"syscall"
	"time"
)

// openFile returns the registered file at p, if any, once it is ready.
func (v *VFS) openFile(p Path) *file {
	v.mu.Lock()
	f := v.files[p]
	v.mu.Unlock()
	if f == nil {
		return nil
	}
	<-f.ready
	if f.err != nil {
		return nil
	}
	return f
}

// openFileRef is openFile with a reference taken, so that the file stays
// registered (and its registry entry right) while the caller works on it.
// The caller releases it.
func (v *VFS) openFileRef(p Path) *file {
	v.mu.Lock()
	f := v.files[p]
	if f != nil {
		f.refs++
	}
	v.mu.Unlock()
	if f == nil {
		return nil
	}
	<-f.ready
	if f.err != nil {
		v.release(f)
		return nil
	}
	return f
}

// acquire returns the file at p with a reference taken, registering it
// (from the provider's attributes) if it is not open yet.
func (v *VFS) acquire(ctx context.Context, p Path) (*file, error) {
	for {
		v.mu.Lock()
		f := v.files[p]
		if f == nil {
			f = &file{v: v, path: p, ready: make(chan struct{}), refs: 1}
			v.files[p] = f
			v.mu.Unlock()
			f.err = f.init(ctx, p)
			close(f.ready)
			if f.err != nil {
				v.release(f)
				return nil, f.err
			}
			return f, nil
		}
		f.refs++
		v.mu.Unlock()
		<-f.ready
		if f.err == nil {
			return f, nil
		}
		v.release(f)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
}

// init loads an existing file's attributes.
func (f *file) init(ctx context.Context, p Path) error {
	a, err := f.v.statCached(ctx, p)
	if err != nil {
		return err
	}
	switch a.Kind {
	case KindDir:
		return syscall.EISDIR
	case KindSymlink:
		return syscall.ELOOP
	}
	f.attr, f.exists = a, true
	return nil
}

// statCached is Stat without the registry (used to fill it).
func (v *VFS) statCached(ctx context.Context, p Path) (Attr, error) {
	if a, neg, ok := v.meta.get(p); ok {
		if neg {
			return Attr{}, syscall.ENOENT
		}
		return a, nil
	}
	acct, err := v.account(p)
	if err != nil {
		return Attr{}, err
	}
	a, err := v.statRemote(ctx, acct, p)
	if err != nil {
		return Attr{}, errNotFoundToENOENT(err)
	}
	v.meta.put(p, a)
	return a, nil
}

// register adds a brand-new file at p (Create).
func (v *VFS) register(p Path, mode uint32) (*file, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if old := v.files[p]; old != nil {
		return nil, false
	}
	f := &file{
		v: v, path: p, ready: make(chan struct{}), refs: 1,
		attr:  Attr{Kind: KindFile, Mtime: time.Now(), Mode: mode & 0o7777, Meta: map[string]string{}, MetaKnown: true},
		fresh: true, dirty: true,
	}
	close(f.ready)
	v.files[p] = f
	return f, true
}

// release drops a reference; the last one unregisters the file.
func (v *VFS) release(f *file) {
	v.mu.Lock()
	defer v.mu.Unlock()
	f.refs--
	if f.refs == 0 && v.files[f.path] == f {
		delete(v.files, f.path)
	}
}

// detach unregisters f (it was unlinked or replaced): it lives on for its
// open handles but is no longer at any path.
func (v *VFS) detach(f *file) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.files[f.path] == f {
		delete(v.files, f.path)
	}
}

// filesUnder returns the registered files inside directory dir.
func (v *VFS) filesUnder(dir Path) []*file {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.filesUnderLocked(dir)
}

func (v *VFS) filesUnderLocked(dir Path) []*file {
	var out []*file
	for p, f := range v.files {
		if p != dir && p.under(dir) {
			out = append(out, f)
		}
	}
	return out
}

// registered returns the files registered now (open, pending or held).
func (v *VFS) registered() []*file {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]*file, 0, len(v.files))
	for _, f := range v.files {
		out = append(out, f)
	}
	return out
}

// OpenFiles counts the files the VFS holds state for: open, pending or
// held. The kernel releases a closed file asynchronously, so a test that
// needs a file's local state gone waits for this to drop.
func (v *VFS) OpenFiles() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.files)
}

// filesUnderRef is filesUnder with a reference taken on each file (the
// caller releases them), sorted by path: the order in which renameDir
// locks them.
func (v *VFS) filesUnderRef(dir Path) []*file {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := v.filesUnderLocked(dir)
	for _, f := range out {
		f.refs++
	}
	slices.SortFunc(out, func(a, b *file) int { return strings.Compare(a.path.Key, b.path.Key) })
	return out
}

// live reports whether f is still the file registered at p and has
// something to show there (not unlinked, not a new file whose upload
// failed). Callers hold f.mu.
func (v *VFS) live(f *file, p Path) bool {
	if f.unlinked || (f.failed != nil && !f.exists) {
		return false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.files[p] == f
}
