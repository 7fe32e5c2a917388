package resfs

import (
	"context"
	"syscall"

	gofs "github.com/hanwen/go-fuse/v2/fs"
)

// Resources have no extended attributes. Getxattr is left to go-fuse,
// which answers ENODATA (no such attribute); Setxattr says ENOTSUP, which
// cp -p, mv and rsync -X take as "this filesystem has none" (go-fuse's
// default, ENODATA, makes them fail).

var _ = (gofs.NodeSetxattrer)((*staticDir)(nil))

func (s *staticDir) Setxattr(ctx context.Context, attr string, data []byte, flags uint32) syscall.Errno {
	return syscall.ENOTSUP
}

var _ = (gofs.NodeSetxattrer)((*catalogDir)(nil))

func (c *catalogDir) Setxattr(ctx context.Context, attr string, data []byte, flags uint32) syscall.Errno {
	return syscall.ENOTSUP
}

var _ = (gofs.NodeSetxattrer)((*zonesDir)(nil))

func (z *zonesDir) Setxattr(ctx context.Context, attr string, data []byte, flags uint32) syscall.Errno {
	return syscall.ENOTSUP
}

var _ = (gofs.NodeSetxattrer)((*resDir)(nil))

func (d *resDir) Setxattr(ctx context.Context, attr string, data []byte, flags uint32) syscall.Errno {
	return syscall.ENOTSUP
}

var _ = (gofs.NodeSetxattrer)((*fileNode)(nil))

func (n *fileNode) Setxattr(ctx context.Context, attr string, data []byte, flags uint32) syscall.Errno {
	return syscall.ENOTSUP
}

var _ = (gofs.NodeSetxattrer)((*roFile)(nil))

func (r *roFile) Setxattr(ctx context.Context, attr string, data []byte, flags uint32) syscall.Errno {
	return syscall.ENOTSUP
}
