package vfs

import (
	"context"
	"strings"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"golang.org/x/sync/errgroup"
)

// Rename flags (renameat2).
const (
	RenameNoReplace = 1 << 0
	RenameExchange  = 1 << 1
)

// Rename moves src to dst within one container, replacing a file at dst
// (or an empty directory, for a directory). Files move with the
// provider's native rename or a server-side copy and delete. An open
// file's pending upload is retargeted to dst, so it is uploaded once, to
// its final name. A directory moves object by object, concurrently: the
// move is not atomic, and an error part-way leaves some objects at each
// name.
func (v *VFS) Rename(ctx context.Context, src, dst Path, flags uint32) error {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return err
	}
	if flags&RenameExchange != 0 {
		return syscall.EINVAL
	}
	if src.Account != dst.Account || src.Container != dst.Container || src.Key == "" || dst.Key == "" {
		return syscall.EXDEV
	}
	if !validName(dst.Name()) {
		return syscall.EINVAL
	}
	acct, err := v.account(src)
	if err != nil {
		return err
	}
	sa, err := v.Stat(ctx, src)
	if err != nil {
		return err
	}
	if src == dst {
		return nil
	}
	da, err := v.Stat(ctx, dst)
	switch {
	case err == nil && flags&RenameNoReplace != 0:
		return syscall.EEXIST
	case err == nil && sa.Kind == KindDir && da.Kind != KindDir:
		return syscall.ENOTDIR
	case err == nil && sa.Kind != KindDir && da.Kind == KindDir:
		return syscall.EISDIR
	case err != nil && err != syscall.ENOENT:
		return err
	case err != nil:
		da = Attr{}
	}
	if sa.Kind == KindDir {
		if dst.under(src) {
			return syscall.EINVAL
		}
		return v.renameDir(ctx, acct, src, dst, da.Kind == KindDir)
	}
	if err := v.renameFile(acct, src, dst, sa); err != nil {
		return errNotFoundToENOENT(err)
	}
	// A file replacing a symlink (or the reverse) leaves the other
	// object behind: remove it.
	if da.Kind != 0 && da.Kind != sa.Kind {
		key := dst.Key
		if da.Kind == KindSymlink {
			key = dst.linkKey()
		}
		if err := acct.Delete(v.ctx, dst.Container, key); err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
	}
	return nil
}

// renameFile moves a file or symlink, retargeting an open file.
func (v *VFS) renameFile(acct *storage.Account, src, dst Path, sa Attr) error {
	var f *file
	if sa.Kind != KindSymlink {
		f = v.openFileRef(src)
	}
	// A file open (or held) at dst is replaced. It is locked before the
	// move, so that an upload of its own in flight finishes first rather
	// than land on dst afterwards; both files are locked in path order,
	// as renameDir locks the files of a directory.
	old := v.openFileRef(dst)
	if f != nil {
		defer v.release(f)
	}
	wb := v.writeBackSlot(f) // before the locks: see writeback.go
	defer wb.release()
	if old != nil {
		defer v.release(old)
	}
	defer lockInOrder(f, old, src.Key < dst.Key)()
	if f != nil {
		// While this waited for the lock, a held file's upload may have
		// failed (the name is gone), or another call moved or removed it.
		if f.unlinked || f.pathNow() != src || (f.failed != nil && !f.exists) {
			return syscall.ENOENT
		}
	}
	switch {
	case f == nil || f.exists:
		a, err := v.moveObject(acct, src, dst, sa)
		if err != nil {
			return err
		}
		sa = a
	case f.held && wb.ok():
		// Write-back: the upload starts once the locks are released.
		wb.hand(f)
	case f.held:
		// A closed temporary file (rsync's): its one upload goes
		// straight to dst, and the rename reports its failure.
		if err := f.commitHeldAs(dst); err != nil {
			return err
		}
		defer f.unhold()
	default:
		v.stats.Retargets.Add(1) // nothing at the provider yet: just retarget
	}
	if f != nil {
		v.retargetWith(f, src, dst, old)
		sa = f.attr
	} else if old != nil {
		v.displaceLocked(old)
	}
	v.moved(src, dst, sa)
	return nil
}

// lockInOrder locks the files that are not nil, a before b when aFirst,
// and returns what unlocks them.
func lockInOrder(a, b *file, aFirst bool) func() {
	if !aFirst {
		a, b = b, a
	}
	for _, f := range []*file{a, b} {
		if f != nil {
			f.mu.Lock()
		}
	}
	return func() {
		for _, f := range []*file{b, a} {
			if f != nil {
				f.mu.Unlock()
			}
		}
	}
}

// moveObject moves the object behind src, storing metadata queued for it
// in the same step. It returns src's attributes as they now are at dst.
func (v *VFS) moveObject(acct *storage.Account, src, dst Path, sa Attr) (Attr, error) {
	if a, queued := v.metaQ.take(src); queued {
		return a, v.renameWithMeta(v.ctx, acct, src, dst, a)
	}
	srcKey, dstKey := src.Key, dst.Key
	if sa.Kind == KindSymlink {
		srcKey, dstKey = src.linkKey(), dst.linkKey()
	}
	return sa, v.moveKey(v.ctx, acct, src.Container, srcKey, dstKey, nil)
}

// retarget moves an open file from src to dst in the registry; a file
// open at dst is displaced (it lives on for its handles, like an
// unlinked file).
func (v *VFS) retarget(f *file, src, dst Path) { v.retargetWith(f, src, dst, nil) }

// retargetWith is retarget where the caller holds the lock of locked, the
// file it found open at dst (or nil).
func (v *VFS) retargetWith(f *file, src, dst Path, locked *file) {
	v.mu.Lock()
	old := v.files[dst]
	if v.files[src] == f {
		delete(v.files, src)
	}
	f.path = dst
	v.files[dst] = f
	v.mu.Unlock()
	if f.state == stStream && f.stream.tee != nil {
		// The upload in flight goes to src's key; while the tee holds the
		// whole content, restage it instead so that the one upload goes
		// straight to dst. (Past the tee, the stream is committed to src's
		// key and moved at commit.)
		_ = f.spill()
	}
	if old != nil && old != f {
		if old != locked {
			old.mu.Lock()
			defer old.mu.Unlock()
		}
		old.unlinked, old.dirty = true, false
		old.unhold()
	}
}

// displaceLocked detaches old, a file open where an object was just
// replaced: its handles keep what they had, like an unlinked file's, and
// new opens see the new object. Callers hold old.mu.
func (v *VFS) displaceLocked(old *file) {
	old.unlinked, old.dirty = true, false
	v.detach(old)
	old.unhold()
}

// moved updates the cache after a rename.
func (v *VFS) moved(src, dst Path, a Attr) {
	v.metaQ.drop(dst)
	v.meta.putNeg(src)
	v.meta.put(dst, a)
}

// renameDir moves every object under src to dst, Options.Concurrency at
// a time, and retargets the open files below src.
func (v *VFS) renameDir(ctx context.Context, acct *storage.Account, src, dst Path, dstIsDir bool) error {
	if dstIsDir {
		empty, err := v.dirEmpty(ctx, acct, dst)
		if err != nil {
			return err
		}
		if !empty || len(v.filesUnder(dst)) > 0 {
			return syscall.ENOTEMPTY
		}
	}
	v.metaQ.flushUnder(src)
	v.del.waitUnder(ctx, acct, src.Container, src.prefix())
	v.del.waitUnder(ctx, acct, dst.Container, dst.prefix())
	// The open files are referenced and locked before the listing: a held
	// file's upload (hold.go) cannot then land after the listing, unmoved.
	open := v.filesUnderRef(src)
	defer func() {
		for _, f := range open {
			v.release(f)
		}
	}()
	for _, f := range open {
		f.mu.Lock()
	}
	defer func() {
		for _, f := range open {
			f.mu.Unlock()
		}
	}()
	var keys []string
	for o, err := range acct.List(ctx, src.Container, &storage.ListOptions{Prefix: src.prefix()}) {
		if err != nil {
			return err
		}
		keys = append(keys, o.Key)
	}
	if dstIsDir {
		if err := acct.Delete(v.ctx, dst.Container, dst.markerKey()); err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
	}
	g, gctx := errgroup.WithContext(v.ctx)
	g.SetLimit(v.opts.Concurrency)
	for _, k := range keys {
		nk := dst.prefix() + strings.TrimPrefix(k, src.prefix())
		g.Go(func() error {
			err := v.moveKey(gctx, acct, src.Container, k, nk, nil)
			if errs.Is(err, errs.NotFound) {
				return nil // gone meanwhile
			}
			return err
		})
	}
	err := g.Wait()
	for _, f := range open {
		// Skip what changed while this waited for the locks: a file
		// unlinked, failed, moved out of src or replaced meanwhile.
		if p := f.pathNow(); p.under(src) && v.live(f, p) {
			v.retarget(f, p, p.rebase(src, dst))
		}
	}
	v.meta.forgetTree(src)
	v.meta.forgetTree(dst)
	v.meta.putNeg(src)
	v.meta.put(dst, v.DirAttr())
	return err
}
