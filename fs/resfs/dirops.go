package resfs

import (
	"context"
	"fmt"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/fs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// renameNoReplace is renameat2's RENAME_NOREPLACE.
const renameNoReplace = 0x1

var _ = (gofs.NodeCreater)((*resDir)(nil))

// Create makes a scratch file, or starts a resource file whose content is
// applied when it is closed. A name the provider has already (the kernel
// did not know it, as after vim renamed the original away) is written as
// an update of that resource.
func (d *resDir) Create(ctx context.Context, name string, flags uint32, mode uint32, out *fuse.EntryOut) (*gofs.Inode, gofs.FileHandle, uint32, syscall.Errno) {
	if !d.f.owns(name) {
		mem, errno := d.newScratch(name)
		if errno != 0 {
			return nil, nil, 0, errno
		}
		n := &fileNode{dir: d, name: name, mem: mem}
		ch := d.NewInode(ctx, n, gofs.StableAttr{Mode: syscall.S_IFREG})
		n.fillAttr(nil, &out.Attr)
		fresh(out)
		return ch, &scratchHandle{m: mem}, fuse.FOPEN_DIRECT_IO, 0
	}
	cur, err := d.f.get(ctx, name)
	exists := err == nil
	switch {
	case exists && flags&syscall.O_EXCL != 0:
		return nil, nil, 0, syscall.EEXIST
	case exists:
		d.observe(name, cur)
	case !errs.Is(err, errs.NotFound):
		return nil, nil, 0, fs.Errno(err)
	}
	// The writer believes the file is new. If the resource is there after
	// all, the write updates it, against the content last read.
	var base []byte
	if exists {
		if base = d.seenOf(name); base == nil {
			base = cur
		}
	}
	d.addPending(name, 1)
	n := &fileNode{dir: d, name: name}
	ch := d.NewInode(ctx, n, gofs.StableAttr{Mode: syscall.S_IFREG})
	h := &handle{n: n, base: base, exists: exists, pending: name}
	n.fillAttr(h, &out.Attr)
	fresh(out)
	return ch, h, fuse.FOPEN_DIRECT_IO, 0
}

var _ = (gofs.NodeUnlinker)((*resDir)(nil))

// Unlink deletes the resource at the provider, or drops a scratch file.
func (d *resDir) Unlink(ctx context.Context, name string) syscall.Errno {
	if !d.f.owns(name) {
		if !d.dropScratch(name) {
			return syscall.ENOENT
		}
		return 0
	}
	d.applyMu.Lock()
	err := d.f.remove(ctx, name)
	d.applyMu.Unlock()
	d.list.invalidate()
	if err != nil {
		if !errs.Is(err, errs.NotFound) {
			d.fail(name, err)
		}
		return fs.Errno(err)
	}
	d.forget(name)
	return 0
}

var _ = (gofs.NodeRenamer)((*resDir)(nil))

// Rename never destroys a resource:
//   - scratch to scratch moves the content in memory;
//   - scratch onto a resource name applies the content to that resource
//     (creating it if needed), the way rsync and sed -i save;
//   - a resource to a scratch name copies its content into the scratch
//     file and leaves the resource alone (vim's backup rename);
//   - a resource to a resource name in another folder is EXDEV, so that
//     mv copies it there and then removes it (moving a zone's files or a
//     node to another account);
//   - a resource to another resource name in its folder is EINVAL:
//     resources are not renamed through the mount.
func (d *resDir) Rename(ctx context.Context, name string, newParent gofs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	dst, ok := newParent.(*resDir)
	if !ok {
		return syscall.EXDEV
	}
	if flags&^renameNoReplace != 0 {
		return syscall.EINVAL
	}
	if dst == d && name == newName {
		return 0
	}
	if flags&renameNoReplace != 0 && dst.has(ctx, newName) {
		return syscall.EEXIST
	}
	node := d.fileNodeAt(name)
	srcScratch, dstScratch := !d.f.owns(name), !dst.f.owns(newName)
	switch {
	case srcScratch && dstScratch:
		mem := d.scratchFile(name)
		if mem == nil {
			return syscall.ENOENT
		}
		if errno := dst.putScratch(newName, mem); errno != 0 {
			return errno
		}
		if dst != d || name != newName {
			d.dropScratch(name)
		}
		node.moveTo(dst, newName, mem)
	case srcScratch:
		mem := d.scratchFile(name)
		if mem == nil {
			return syscall.ENOENT
		}
		if err := dst.applyContent(ctx, newName, mem.bytes()); err != nil {
			return fs.Errno(err)
		}
		d.dropScratch(name)
		node.moveTo(dst, newName, nil)
	case dstScratch:
		data, err := d.f.get(ctx, name)
		if err != nil {
			return fs.Errno(err)
		}
		mem := newMemFile(data)
		if errno := dst.putScratch(newName, mem); errno != 0 {
			return errno
		}
		node.moveTo(dst, newName, mem)
	case dst != d:
		// Another folder: mv copies the file and then removes this one,
		// which moves a zone or a node between accounts.
		return syscall.EXDEV
	default:
		err := errs.Errorf(errs.InvalidArgument, "rename", name, "resources cannot be renamed through the mount (to %s)", newName)
		d.fail(name, err)
		return syscall.EINVAL
	}
	return 0
}

// has reports whether name exists in the folder (for RENAME_NOREPLACE).
func (d *resDir) has(ctx context.Context, name string) bool {
	if !d.f.owns(name) {
		return d.scratchFile(name) != nil
	}
	ok, _ := d.exists(ctx, name)
	return ok
}

// fileNodeAt returns the kernel's node for name, if it has one.
func (d *resDir) fileNodeAt(name string) *fileNode {
	if ch := d.GetChild(name); ch != nil {
		if n, ok := ch.Operations().(*fileNode); ok {
			return n
		}
	}
	return nil
}

// applyContent makes the resource file name hold data (a scratch file
// renamed onto it): an update against the content last read through the
// mount, or a create if the provider has no such resource.
func (d *resDir) applyContent(ctx context.Context, name string, data []byte) error {
	_, err := d.f.get(ctx, name)
	exists := err == nil
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	return d.apply(ctx, name, exists, d.seenOf(name), data)
}

// apply creates or updates a resource from what a writer wrote, records a
// failure in .errors, and refreshes what the folder knows afterwards.
func (d *resDir) apply(ctx context.Context, name string, exists bool, base, data []byte) error {
	if max := d.limit(name); len(data) > max {
		err := fmt.Errorf("write %s: %d bytes is over the limit of %d: %w", name, len(data), max, syscall.EFBIG)
		d.fail(name, err)
		return err
	}
	d.applyMu.Lock()
	var err error
	if exists {
		err = d.f.update(ctx, name, base, data)
	} else {
		err = d.f.create(ctx, name, data)
	}
	d.applyMu.Unlock()
	d.list.invalidate()
	if err != nil {
		d.fail(name, err)
		return err
	}
	if cur, err := d.f.get(ctx, name); err == nil {
		d.observe(name, cur)
		d.setSeen(name, cur)
	}
	return nil
}

// newScratch makes an empty scratch file, or empties an existing one.
func (d *resDir) newScratch(name string) (*memFile, syscall.Errno) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if m := d.scratch[name]; m != nil {
		m.truncate(0)
		return m, 0
	}
	if len(d.scratch) >= maxScratchFiles {
		return nil, syscall.ENOSPC
	}
	m := newMemFile(nil)
	d.scratch[name] = m
	return m, 0
}

func (d *resDir) putScratch(name string, m *memFile) syscall.Errno {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.scratch[name]; !ok && len(d.scratch) >= maxScratchFiles {
		return syscall.ENOSPC
	}
	d.scratch[name] = m
	return 0
}

func (d *resDir) scratchFile(name string) *memFile {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.scratch[name]
}

func (d *resDir) dropScratch(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.scratch[name]
	delete(d.scratch, name)
	return ok
}

// String names the folder in logs.
func (d *resDir) String() string { return fmt.Sprintf("resDir(%s)", d.path) }

var _ = (gofs.NodeRmdirer)((*resDir)(nil))

// Rmdir: a resource folder has no sub-folders. (go-fuse would report
// success for an rmdir that a node does not implement.)
func (d *resDir) Rmdir(ctx context.Context, name string) syscall.Errno { return syscall.ENOTDIR }
