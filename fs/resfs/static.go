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
