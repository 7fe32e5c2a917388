package fusefs

import (
	"context"
	"syscall"

	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// dirNode is an account (its containers), a container, or a prefix.
type dirNode struct {
	node
}

// here is the directory's path; a directory removed from under an open
// handle answers ENOENT.
func (d *dirNode) here() (vfs.Path, syscall.Errno) {
	p, ok := d.vpath()
	if !ok {
		return p, syscall.ENOENT
	}
	return p, 0
}

var _ = (gofs.NodeGetattrer)((*dirNode)(nil))

func (d *dirNode) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	d.m.fill(&out.Attr, d.m.v.DirAttr())
	return 0
}

var _ = (gofs.NodeSetattrer)((*dirNode)(nil))

// Setattr accepts and ignores times and modes: directories keep no
// metadata (docs/SEMANTICS.md).
func (d *dirNode) Setattr(ctx context.Context, f gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	if _, ok := in.GetSize(); ok {
		return syscall.EISDIR
	}
	if d.m.v.Options().ReadOnly {
		return syscall.EROFS
	}
	d.m.fill(&out.Attr, d.m.v.DirAttr())
	return 0
}

var _ = (gofs.NodeLookuper)((*dirNode)(nil))

func (d *dirNode) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	p, en := d.here()
	if en != 0 {
		return nil, en
	}
	a, err := d.m.v.Lookup(ctx, p, name)
	if err != nil {
		return nil, errno(err)
	}
	d.entry(out, a)
	return d.newChild(ctx, name, a), 0
}

var _ = (gofs.NodeMkdirer)((*dirNode)(nil))

func (d *dirNode) Mkdir(ctx context.Context, name string, mode uint32, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	p, en := d.here()
	if en != 0 {
		return nil, en
	}
	a, err := d.m.v.Mkdir(ctx, p.Child(name), mode)
	if err != nil {
		return nil, errno(err)
	}
	d.entry(out, a)
	return d.newChild(ctx, name, a), 0
}

var _ = (gofs.NodeRmdirer)((*dirNode)(nil))

func (d *dirNode) Rmdir(ctx context.Context, name string) syscall.Errno {
	p, en := d.here()
	if en != 0 {
		return en
	}
	return errno(d.m.v.Rmdir(ctx, p.Child(name)))
}

var _ = (gofs.NodeUnlinker)((*dirNode)(nil))

func (d *dirNode) Unlink(ctx context.Context, name string) syscall.Errno {
	p, en := d.here()
	if en != 0 {
		return en
	}
	return errno(d.m.v.Unlink(ctx, p.Child(name)))
}

var _ = (gofs.NodeCreater)((*dirNode)(nil))

func (d *dirNode) Create(ctx context.Context, name string, flags uint32, mode uint32, out *fuse.EntryOut) (*gofs.Inode, gofs.FileHandle, uint32, syscall.Errno) {
	p, en := d.here()
	if en != 0 {
		return nil, nil, 0, en
	}
	h, a, err := d.m.v.Create(ctx, p.Child(name), int(flags), mode)
	if err != nil {
		return nil, nil, 0, errno(err)
	}
	d.entry(out, a)
	ch := d.newChild(ctx, name, a)
	return ch, &fileHandle{h: h, node: ch}, d.m.openFlags(flags), 0
}

var _ = (gofs.NodeSymlinker)((*dirNode)(nil))

func (d *dirNode) Symlink(ctx context.Context, target, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	p, en := d.here()
	if en != 0 {
		return nil, en
	}
	a, err := d.m.v.Symlink(ctx, p.Child(name), target)
	if err != nil {
		return nil, errno(err)
	}
	d.entry(out, a)
	return d.newChild(ctx, name, a), 0
}

var _ = (gofs.NodeLinker)((*dirNode)(nil))

// Link: object storage has no hard links.
func (d *dirNode) Link(ctx context.Context, target gofs.InodeEmbedder, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	return nil, syscall.ENOTSUP
}

var _ = (gofs.NodeMknoder)((*dirNode)(nil))

// Mknod: no devices, FIFOs or sockets in object storage.
func (d *dirNode) Mknod(ctx context.Context, name string, mode uint32, dev uint32, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	return nil, syscall.ENOTSUP
}

var _ = (gofs.NodeRenamer)((*dirNode)(nil))

func (d *dirNode) Rename(ctx context.Context, name string, newParent gofs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	src, en := d.here()
	if en != 0 {
		return en
	}
	nd, ok := newParent.(*dirNode)
	if !ok {
		return syscall.EXDEV
	}
	dst, en := nd.here()
	if en != 0 {
		return en
	}
	return errno(d.m.v.Rename(ctx, src.Child(name), dst.Child(newName), flags))
}

var _ = (gofs.NodeOpendirHandler)((*dirNode)(nil))

func (d *dirNode) OpendirHandle(ctx context.Context, flags uint32) (gofs.FileHandle, uint32, syscall.Errno) {
	p, en := d.here()
	if en != 0 {
		return nil, 0, en
	}
	ds, err := d.m.v.OpenDir(ctx, p)
	if err != nil {
		return nil, 0, errno(err)
	}
	return &dirHandle{d: d, ds: ds}, 0, 0
}
