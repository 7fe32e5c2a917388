package fusefs

import (
	"context"
	"log/slog"
	"syscall"

	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// fileHandle is an open file.
//
// Commit points: the kernel sends FLUSH at every close(2) of a
// descriptor (several for dup'ed descriptors) and RELEASE once, after the
// last one, whose error nobody sees. So the VFS commits at the flush of
// the last open writer (its error is close's error), at fsync, and at
// release only for writes that came after the last flush.
type fileHandle struct {
	h    *vfs.Handle
	node *gofs.Inode
}

var _ = (gofs.FileReader)((*fileHandle)(nil))

// Read answers from the read-ahead chunks themselves where it can: the
// kernel copies the reply straight out of the buffers the HTTP bodies
// were read into (sharedResult). Otherwise (a random read, a local file)
// the bytes are read into dest, exact ranges straight from the body.
func (fh *fileHandle) Read(ctx context.Context, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	if bufs, n, release, ok := fh.h.ReadShared(ctx, off, len(dest)); ok {
		return &sharedResult{bufs: bufs, n: n, release: release}, 0
	}
	n, err := fh.h.Read(ctx, dest, off)
	if err != nil && n == 0 {
		return nil, errno(err)
	}
	return fuse.ReadResultData(dest[:n]), 0
}

var _ = (gofs.FileWriter)((*fileHandle)(nil))

func (fh *fileHandle) Write(ctx context.Context, data []byte, off int64) (uint32, syscall.Errno) {
	n, err := fh.h.Write(ctx, data, off)
	if err != nil {
		return uint32(n), errno(err)
	}
	return uint32(n), 0
}

var _ = (gofs.FileFlusher)((*fileHandle)(nil))

func (fh *fileHandle) Flush(ctx context.Context) syscall.Errno {
	return fh.committed(fh.h.Flush(ctx))
}

// committed reports a commit's error. When the upload of a new file
// failed, the name does not exist at the provider: the kernel is told to
// forget it, so that the next open(O_CREAT) creates it again.
func (fh *fileHandle) committed(err error) syscall.Errno {
	if err != nil && !fh.h.Committed() {
		if name, parent := fh.node.Parent(); parent != nil {
			parent.NotifyEntry(name)
		}
	}
	return errno(err)
}

var _ = (gofs.FileFsyncer)((*fileHandle)(nil))

func (fh *fileHandle) Fsync(ctx context.Context, flags uint32) syscall.Errno {
	return fh.committed(fh.h.Fsync(ctx))
}

var _ = (gofs.FileReleaser)((*fileHandle)(nil))

func (fh *fileHandle) Release(ctx context.Context) syscall.Errno {
	if err := fh.h.Release(ctx); err != nil {
		slog.Warn("upload at release failed (close had already returned)", "path", fh.h.Path().String(), "err", err)
	}
	return 0
}

var _ = (gofs.FileAllocater)((*fileHandle)(nil))

// Allocate supports growing a file (mode 0) and FALLOC_FL_KEEP_SIZE,
// which reserves nothing on object storage.
func (fh *fileHandle) Allocate(ctx context.Context, off uint64, size uint64, mode uint32) syscall.Errno {
	const keepSize = 0x01
	switch mode {
	case keepSize:
		return 0
	case 0:
		end := int64(off + size)
		if end <= fh.h.Attr().Size {
			return 0
		}
		_, err := fh.h.Setattr(ctx, vfs.SetAttr{Size: &end})
		return errno(err)
	}
	return syscall.ENOTSUP
}
