package resfs

import (
	"context"
	"syscall"
	"time"

	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// staticDir is a folder with fixed children: compute/, compute/<account>/,
// lb/<account>/ and the like. go-fuse lists its children.
type staticDir struct {
	gofs.Inode
	m        *mount
	children []staticChild
}

type staticChild struct {
	name string
	node gofs.InodeEmbedder
	dir  bool
}

func newStaticDir(m *mount, children ...staticChild) *staticDir {
	return &staticDir{m: m, children: children}
}

var _ = (gofs.NodeOnAdder)((*staticDir)(nil))

func (s *staticDir) OnAdd(ctx context.Context) {
	for _, c := range s.children {
		mode := uint32(syscall.S_IFREG)
		if c.dir {
			mode = syscall.S_IFDIR
		}
		s.AddChild(c.name, s.NewPersistentInode(ctx, c.node, gofs.StableAttr{Mode: mode}), true)
	}
}

var _ = (gofs.NodeLookuper)((*staticDir)(nil))

func (s *staticDir) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	ch := s.GetChild(name)
	if ch == nil {
		return nil, syscall.ENOENT
	}
	var a fuse.AttrOut
	if g, ok := ch.Operations().(gofs.NodeGetattrer); ok {
		g.Getattr(ctx, nil, &a)
	}
	out.Attr = a.Attr
	if ch.IsDir() {
		static(out)
	} else {
		fresh(out) // .errors and lists change
	}
	return ch, 0
}

var _ = (gofs.NodeGetattrer)((*staticDir)(nil))

func (s *staticDir) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	s.m.fillDir(&out.Attr, time.Time{})
	return 0
}

// A fixed folder's entries cannot be removed or added. (go-fuse would
// report success for an unlink or rmdir that a node does not implement.)

var _ = (gofs.NodeUnlinker)((*staticDir)(nil))

func (s *staticDir) Unlink(ctx context.Context, name string) syscall.Errno { return syscall.EACCES }

var _ = (gofs.NodeRmdirer)((*staticDir)(nil))

func (s *staticDir) Rmdir(ctx context.Context, name string) syscall.Errno { return syscall.EACCES }

var _ = (gofs.NodeCreater)((*staticDir)(nil))

func (s *staticDir) Create(ctx context.Context, name string, flags uint32, mode uint32, out *fuse.EntryOut) (*gofs.Inode, gofs.FileHandle, uint32, syscall.Errno) {
	return nil, nil, 0, syscall.EACCES
}

var _ = (gofs.NodeMkdirer)((*staticDir)(nil))

func (s *staticDir) Mkdir(ctx context.Context, name string, mode uint32, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	return nil, syscall.EACCES
}

var _ = (gofs.NodeRenamer)((*staticDir)(nil))

func (s *staticDir) Rename(ctx context.Context, name string, newParent gofs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	return syscall.EACCES
}
