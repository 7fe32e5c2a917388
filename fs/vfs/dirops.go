package vfs

import (
	"context"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// Mkdir makes directory p: a container at the account level, a "p/"
// marker object below it.
func (v *VFS) Mkdir(ctx context.Context, p Path, mode uint32) (Attr, error) {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return Attr{}, err
	}
	acct, err := v.account(p)
	if err != nil {
		return Attr{}, err
	}
	if !validName(p.Name()) {
		return Attr{}, syscall.EINVAL
	}
	if p.IsContainer() {
		if err := acct.CreateContainer(v.ctx, p.Container); err != nil {
			return Attr{}, err
		}
		return v.madeDir(p), nil
	}
	if _, err := v.Stat(ctx, p); err == nil {
		return Attr{}, syscall.EEXIST
	} else if err != syscall.ENOENT {
		return Attr{}, err
	}
	a := Attr{Kind: KindDir, Mode: mode & 0o7777, Mtime: time.Now()}
	v.del.wait(ctx, acct, p.Container, p.markerKey())
	w, err := acct.NewWriter(v.ctx, p.Container, p.markerKey(), &storage.WriterOptions{
		ContentType: "application/x-directory", Metadata: a.metadata(), ModTime: a.Mtime, SizeHint: 0,
	})
	if err != nil {
		return Attr{}, err
	}
	if err := w.Close(); err != nil {
		return Attr{}, err
	}
	return v.madeDir(p), nil
}

// madeDir records a new, empty directory.
func (v *VFS) madeDir(p Path) Attr {
	a := v.DirAttr()
	v.meta.put(p, a)
	v.meta.markEmpty(p)
	return a
}

// Rmdir removes empty directory p (its marker, if it has one), or an
// empty container. A directory with entries gives ENOTEMPTY.
func (v *VFS) Rmdir(ctx context.Context, p Path) error {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return err
	}
	acct, err := v.account(p)
	if err != nil {
		return err
	}
	if len(v.filesUnder(p)) > 0 {
		return syscall.ENOTEMPTY
	}
	if p.IsContainer() {
		v.del.waitUnder(ctx, acct, p.Container, "")
		if err := acct.DeleteContainer(v.ctx, p.Container); err != nil {
			return err
		}
		v.gone(p)
		return nil
	}
	a, err := v.Stat(ctx, p)
	if err != nil {
		return err
	}
	if a.Kind != KindDir {
		return syscall.ENOTDIR
	}
	if empty, err := v.dirEmpty(ctx, acct, p); err != nil {
		return err
	} else if !empty {
		return syscall.ENOTEMPTY
	}
	if err := acct.Delete(v.ctx, p.Container, p.markerKey()); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	v.gone(p)
	return nil
}

// dirEmpty reports whether directory p holds nothing but its marker.
func (v *VFS) dirEmpty(ctx context.Context, acct *storage.Account, p Path) (bool, error) {
	v.del.waitUnder(ctx, acct, p.Container, p.prefix())
	page, err := acct.ListPage(ctx, p.Container, &storage.ListOptions{Prefix: p.prefix(), Delimiter: "/", PageSize: 2})
	if err != nil {
		return false, err
	}
	for _, o := range page.Objects {
		if o.Key != p.markerKey() {
			return false, nil
		}
	}
	return true, nil
}

// gone records that p and everything below it no longer exist.
func (v *VFS) gone(p Path) {
	v.meta.forgetTree(p)
	v.meta.putNeg(p)
}

// Unlink removes file or symlink p. An open file lives on for its
// handles, but is never uploaded.
func (v *VFS) Unlink(ctx context.Context, p Path) error {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return err
	}
	acct, err := v.account(p)
	if err != nil {
		return err
	}
	a, err := v.Stat(ctx, p)
	if err != nil {
		return err
	}
	switch a.Kind {
	case KindDir:
		return syscall.EISDIR
	case KindSymlink:
		err = acct.Delete(v.ctx, p.Container, p.linkKey())
	default:
		err = v.unlinkFile(acct, p)
	}
	if err != nil {
		return errNotFoundToENOENT(err)
	}
	v.metaQ.drop(p)
	v.meta.putNeg(p)
	return nil
}

// unlinkFile detaches an open file at p and deletes the object.
func (v *VFS) unlinkFile(acct *storage.Account, p Path) error {
	exists := true
	if f := v.openFile(p); f != nil {
		f.mu.Lock()
		exists = f.exists
		f.unlinked, f.dirty = true, false
		v.detach(f)
		f.unhold()
		f.mu.Unlock()
	}
	if !exists {
		return nil
	}
	return acct.Delete(v.ctx, p.Container, p.Key)
}

// errNotFoundToENOENT keeps NotFound as ENOENT (the errno table would do
// the same; this just keeps VFS errors comparable in tests).
func errNotFoundToENOENT(err error) error {
	if errs.Is(err, errs.NotFound) {
		return syscall.ENOENT
	}
	return err
}
