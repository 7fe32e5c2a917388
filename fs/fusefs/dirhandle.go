package fusefs

import (
	"context"
	"syscall"

	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// dirHandle streams a directory to readdir one listing page at a time.
type dirHandle struct {
	d  *dirNode
	ds *vfs.DirStream
}

var _ = (gofs.FileLookuper)((*dirHandle)(nil))

// Lookup answers readdirplus from the listing just read (no request per
// entry), where a lookup by name would ask for the object's metadata.
func (h *dirHandle) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	p, en := h.d.here()
	if en != 0 {
		return nil, en
	}
	a, err := h.d.m.v.LookupListed(ctx, p, name)
	if err != nil {
		return nil, errno(err)
	}
	h.d.entry(out, a)
	return h.d.newChild(ctx, name, a), 0
}

var _ = (gofs.FileReaddirenter)((*dirHandle)(nil))

func (h *dirHandle) Readdirent(ctx context.Context) (*fuse.DirEntry, syscall.Errno) {
	e, ok, err := h.ds.Next(ctx)
	if err != nil {
		return nil, errno(err)
	}
	if !ok {
		return nil, 0
	}
	return &fuse.DirEntry{Name: e.Name, Mode: typeBits(e.Attr.Kind), Off: h.ds.Pos()}, 0
}

var _ = (gofs.FileSeekdirer)((*dirHandle)(nil))

func (h *dirHandle) Seekdir(ctx context.Context, off uint64) syscall.Errno {
	return errno(h.ds.Seek(ctx, off))
}

var _ = (gofs.FileReleasedirer)((*dirHandle)(nil))

func (h *dirHandle) Releasedir(ctx context.Context, releaseFlags uint32) {}

var _ = (gofs.FileFsyncdirer)((*dirHandle)(nil))

// Fsyncdir: directory changes are on the provider when they return.
func (h *dirHandle) Fsyncdir(ctx context.Context, flags uint32) syscall.Errno { return 0 }
