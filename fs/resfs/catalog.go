package resfs

import (
	"context"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/fs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// catalogDir is a read-only folder of JSON files, one per entry:
// compute/<account>/{images,sizes,locations}/<id>.json.
type catalogDir struct {
	gofs.Inode
	m    *mount
	list *listCache
}

func newCatalogDir(m *mount, load func(ctx context.Context) ([]item, error)) *catalogDir {
	return &catalogDir{m: m, list: newListCache(m.opts.ListTTL, load)}
}

// entry returns one file's content from the (cached) listing.
func (c *catalogDir) entry(ctx context.Context, name string) ([]byte, error) {
	items, _, err := c.list.get(ctx)
	if err != nil {
		return nil, err
	}
	data, ok := items[name]
	if !ok {
		return nil, errs.E(errs.NotFound, "catalog", name, nil)
	}
	return data, nil
}

var _ = (gofs.NodeLookuper)((*catalogDir)(nil))

func (c *catalogDir) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	data, err := c.entry(ctx, name)
	if err != nil {
		return gone(out, fs.Errno(err))
	}
	ch := c.GetChild(name)
	if ch == nil {
		f := newROFile(c.m, func(ctx context.Context) ([]byte, error) { return c.entry(ctx, name) })
		ch = c.NewInode(ctx, f, gofs.StableAttr{Mode: syscall.S_IFREG})
	}
	c.m.fillFile(&out.Attr, modeReadOnly, len(data), time.Time{})
	fresh(out)
	return ch, 0
}

var _ = (gofs.NodeReaddirer)((*catalogDir)(nil))

func (c *catalogDir) Readdir(ctx context.Context) (gofs.DirStream, syscall.Errno) {
	items, _, err := c.list.get(ctx)
	if err != nil {
		return nil, fs.Errno(err)
	}
	var entries []fuse.DirEntry
	for _, name := range names(items) {
		entries = append(entries, fuse.DirEntry{Name: name, Mode: syscall.S_IFREG})
	}
	return gofs.NewListDirStream(entries), 0
}

var _ = (gofs.NodeGetattrer)((*catalogDir)(nil))

func (c *catalogDir) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	c.m.fillDir(&out.Attr, time.Time{})
	out.Mode = syscall.S_IFDIR | 0o555
	return 0
}

// A catalogue is read-only. (go-fuse would report success for an unlink
// that a node does not implement.)

var _ = (gofs.NodeUnlinker)((*catalogDir)(nil))

func (c *catalogDir) Unlink(ctx context.Context, name string) syscall.Errno { return syscall.EACCES }

var _ = (gofs.NodeRmdirer)((*catalogDir)(nil))

func (c *catalogDir) Rmdir(ctx context.Context, name string) syscall.Errno { return syscall.EACCES }

var _ = (gofs.NodeCreater)((*catalogDir)(nil))

func (c *catalogDir) Create(ctx context.Context, name string, flags uint32, mode uint32, out *fuse.EntryOut) (*gofs.Inode, gofs.FileHandle, uint32, syscall.Errno) {
	return nil, nil, 0, syscall.EACCES
}
