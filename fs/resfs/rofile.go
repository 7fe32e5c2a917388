package resfs

import (
	"context"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/fs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// roFile is a read-only file whose content is made when it is opened: a
// catalogue entry, lb's protocols and algorithms, an account's .errors.
type roFile struct {
	gofs.Inode
	m     *mount
	load  func(ctx context.Context) ([]byte, error)
	mtime func() time.Time // nil: the mount's start
}

func newROFile(m *mount, load func(ctx context.Context) ([]byte, error)) *roFile {
	return &roFile{m: m, load: load}
}

var _ = (gofs.NodeGetattrer)((*roFile)(nil))

func (r *roFile) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	var data []byte
	if h, ok := f.(*roHandle); ok {
		data = h.data
	} else {
		var err error
		if data, err = r.load(ctx); err != nil {
			return fs.Errno(err)
		}
	}
	var mtime time.Time
	if r.mtime != nil {
		mtime = r.mtime()
	}
	r.m.fillFile(&out.Attr, modeReadOnly, len(data), mtime)
	out.SetTimeout(freshTTL)
	return 0
}

var _ = (gofs.NodeOpener)((*roFile)(nil))

func (r *roFile) Open(ctx context.Context, flags uint32) (gofs.FileHandle, uint32, syscall.Errno) {
	if flags&(syscall.O_WRONLY|syscall.O_RDWR|syscall.O_TRUNC|syscall.O_APPEND) != 0 {
		return nil, 0, syscall.EACCES
	}
	data, err := r.load(ctx)
	if err != nil {
		return nil, 0, fs.Errno(err)
	}
	return &roHandle{data: data}, fuse.FOPEN_DIRECT_IO, 0
}

var _ = (gofs.NodeSetattrer)((*roFile)(nil))

// Setattr refuses every change: the file is read-only.
func (r *roFile) Setattr(ctx context.Context, f gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	return syscall.EACCES
}

// roHandle is an open read-only file: its content as of the open.
type roHandle struct{ data []byte }

var _ = (gofs.FileReader)((*roHandle)(nil))

func (h *roHandle) Read(ctx context.Context, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	if off >= int64(len(h.data)) {
		return fuse.ReadResultData(nil), 0
	}
	return fuse.ReadResultData(h.data[off:min(int64(len(h.data)), off+int64(len(dest)))]), 0
}

// errorsFile is an account's .errors.
func errorsFile(m *mount, log *errorLog) *roFile {
	f := newROFile(m, func(context.Context) ([]byte, error) { return log.text(), nil })
	f.mtime = log.mtime
	return f
}
