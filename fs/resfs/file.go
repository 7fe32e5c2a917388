package resfs

import (
	"context"
	"sync"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/fs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// fileNode is a file in a writable folder: a resource file, or a scratch
// file when mem is set. A rename turns one into the other, so where the
// node is and what it is can change; read them with where.
type fileNode struct {
	gofs.Inode

	mu   sync.Mutex
	dir  *resDir
	name string
	mem  *memFile
}

func (n *fileNode) where() (*resDir, string, *memFile) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.dir, n.name, n.mem
}

func (n *fileNode) is(d *resDir, name string, mem *memFile) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.dir == d && n.name == name && n.mem == mem
}

// moveTo follows a rename. A nil node (the kernel had none) is fine.
func (n *fileNode) moveTo(d *resDir, name string, mem *memFile) {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.dir, n.name, n.mem = d, name, mem
	n.mu.Unlock()
}

// fillAttr fills the attributes: a scratch file's own, an open handle's
// size, or what the folder last saw of the resource.
func (n *fileNode) fillAttr(h *handle, a *fuse.Attr) {
	d, name, mem := n.where()
	if mem != nil {
		size, mtime := mem.stat()
		d.m.fillFile(a, modeFile, size, mtime)
		return
	}
	size, mtime := d.metaOf(name)
	if h != nil {
		size = h.size()
	}
	d.m.fillFile(a, modeFile, size, mtime)
}

var _ = (gofs.NodeGetattrer)((*fileNode)(nil))

func (n *fileNode) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	h, _ := f.(*handle)
	n.fillAttr(h, &out.Attr)
	out.SetTimeout(freshTTL)
	return 0
}

var _ = (gofs.NodeSetattrer)((*fileNode)(nil))

// Setattr truncates (through the open handle, if any) and ignores mode,
// owner and time changes, which editors and cp make.
func (n *fileNode) Setattr(ctx context.Context, f gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	if size, ok := in.GetSize(); ok {
		if errno := n.truncate(f, int(size)); errno != 0 {
			return errno
		}
	}
	return n.Getattr(ctx, f, out)
}

func (n *fileNode) truncate(f gofs.FileHandle, size int) syscall.Errno {
	d, name, mem := n.where()
	switch h := f.(type) {
	case *handle:
		return h.truncate(size)
	case *scratchHandle:
		return h.m.truncate(size)
	}
	if mem != nil {
		return mem.truncate(size)
	}
	if cur, _ := d.metaOf(name); cur == size {
		return 0
	}
	return syscall.EINVAL // a resource file changes only through an open file
}

var _ = (gofs.NodeOpener)((*fileNode)(nil))

// Open of a scratch file opens its memory. Open of a resource file reads
// the provider afresh: the handle starts with the resource as it is now
// (empty with O_TRUNC). Files are direct I/O, so the kernel never serves
// a stale page.
func (n *fileNode) Open(ctx context.Context, flags uint32) (gofs.FileHandle, uint32, syscall.Errno) {
	d, name, mem := n.where()
	if mem != nil {
		if flags&syscall.O_TRUNC != 0 {
			mem.truncate(0)
		}
		return &scratchHandle{m: mem}, fuse.FOPEN_DIRECT_IO, 0
	}
	cur, err := d.f.get(ctx, name)
	exists := err == nil
	writing := flags&(syscall.O_WRONLY|syscall.O_RDWR) != 0
	if err != nil && !(errs.Is(err, errs.NotFound) && (writing || d.isPending(name))) {
		// A file opened for writing whose resource is gone (the kernel
		// still knew the name) is written as a new file; see handle.apply.
		return nil, 0, fs.Errno(err)
	}
	h := &handle{n: n, exists: exists, base: cur}
	if exists {
		d.observe(name, cur)
	}
	if flags&syscall.O_ACCMODE == syscall.O_WRONLY || flags&syscall.O_TRUNC != 0 {
		// The writer does not read the file here (vim, after reading it
		// earlier, opens it write-only to save): its base is the content
		// when the file was last read through the mount.
		if seen := d.seenOf(name); seen != nil {
			h.base = seen
		}
	} else {
		d.setSeen(name, cur)
	}
	if flags&syscall.O_TRUNC != 0 {
		h.dirty = true
	} else {
		h.buf = append([]byte(nil), cur...)
	}
	return h, fuse.FOPEN_DIRECT_IO, 0
}
