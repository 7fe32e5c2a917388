package fusefs

import (
	"context"
	"strings"
	"syscall"

	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
)

// Extended attributes, for every storage node (files, symlinks and
// directories, which have none).

var _ = (gofs.NodeGetxattrer)((*node)(nil))

func (n *node) Getxattr(ctx context.Context, attr string, dest []byte) (uint32, syscall.Errno) {
	if !strings.HasPrefix(attr, "user.") {
		// Answered at once, without building the path: see vfs.Getxattr
		// for why this is ENOTSUP.
		return 0, syscall.ENOTSUP
	}
	p, ok := n.vpath()
	if !ok {
		return 0, vfs.ENODATA
	}
	val, err := n.m.v.Getxattr(ctx, p, attr)
	if err != nil {
		return 0, errno(err)
	}
	return fitXattr(dest, val)
}

var _ = (gofs.NodeListxattrer)((*node)(nil))

func (n *node) Listxattr(ctx context.Context, dest []byte) (uint32, syscall.Errno) {
	p, ok := n.vpath()
	if !ok {
		return 0, 0
	}
	names, err := n.m.v.Listxattr(ctx, p)
	if err != nil {
		return 0, errno(err)
	}
	var b strings.Builder
	for _, name := range names {
		b.WriteString(name)
		b.WriteByte(0)
	}
	return fitXattr(dest, []byte(b.String()))
}

var _ = (gofs.NodeSetxattrer)((*node)(nil))

func (n *node) Setxattr(ctx context.Context, attr string, data []byte, flags uint32) syscall.Errno {
	p, ok := n.vpath()
	if !ok {
		return syscall.ENOENT
	}
	return errno(n.m.v.Setxattr(ctx, p, nil, attr, data, flags))
}

var _ = (gofs.NodeRemovexattrer)((*node)(nil))

func (n *node) Removexattr(ctx context.Context, attr string) syscall.Errno {
	p, ok := n.vpath()
	if !ok {
		return syscall.ENOENT
	}
	return errno(n.m.v.Removexattr(ctx, p, nil, attr))
}

// fitXattr copies val into dest, or reports its size (dest empty) or
// ERANGE (dest too small), as getxattr(2) wants.
func fitXattr(dest, val []byte) (uint32, syscall.Errno) {
	if len(dest) == 0 {
		return uint32(len(val)), 0
	}
	if len(dest) < len(val) {
		return uint32(len(val)), syscall.ERANGE
	}
	return uint32(copy(dest, val)), 0
}
