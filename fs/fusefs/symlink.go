package fusefs

import (
	"context"
	"syscall"

	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// symlinkNode is a "name.rclonelink" object.
type symlinkNode struct {
	node
}

var _ = (gofs.NodeReadlinker)((*symlinkNode)(nil))

func (s *symlinkNode) Readlink(ctx context.Context) ([]byte, syscall.Errno) {
	p, ok := s.vpath()
	if !ok {
		return nil, syscall.ENOENT
	}
	t, err := s.m.v.Readlink(ctx, p)
	if err != nil {
		return nil, errno(err)
	}
	return []byte(t), 0
}

var _ = (gofs.NodeGetattrer)((*symlinkNode)(nil))

func (s *symlinkNode) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	p, ok := s.vpath()
	if !ok {
		return syscall.ENOENT
	}
	a, err := s.m.v.Getattr(ctx, p)
	if err != nil {
		return errno(err)
	}
	s.m.fill(&out.Attr, a)
	return 0
}

var _ = (gofs.NodeSetattrer)((*symlinkNode)(nil))

func (s *symlinkNode) Setattr(ctx context.Context, f gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	p, ok := s.vpath()
	if !ok {
		return syscall.ENOENT
	}
	a, err := s.m.v.Setattr(ctx, p, nil, setAttr(in))
	if err != nil {
		return errno(err)
	}
	s.m.fill(&out.Attr, a)
	return 0
}
