package fusefs

import (
	"context"
	"sync"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// fileNode is an object.
type fileNode struct {
	node
	mu   sync.Mutex
	last vfs.Attr // the attributes last seen, for fstat after unlink
}

func (f *fileNode) remember(a vfs.Attr) {
	f.mu.Lock()
	f.last = a
	f.mu.Unlock()
}

func (f *fileNode) lastAttr() vfs.Attr {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

var _ = (gofs.NodeOpener)((*fileNode)(nil))

func (f *fileNode) Open(ctx context.Context, flags uint32) (gofs.FileHandle, uint32, syscall.Errno) {
	p, ok := f.vpath()
	if !ok {
		return nil, 0, syscall.ENOENT
	}
	h, err := f.m.v.Open(ctx, p, int(flags))
	if err != nil {
		return nil, 0, errno(err)
	}
	f.remember(h.Attr())
	return &fileHandle{h: h, node: f.EmbeddedInode()}, f.m.openFlags(flags), 0
}

var _ = (gofs.NodeGetattrer)((*fileNode)(nil))

func (f *fileNode) Getattr(ctx context.Context, fh gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	a, en := f.attr(ctx, fh)
	if en != 0 {
		return en
	}
	f.m.fill(&out.Attr, a)
	if _, parent := f.Parent(); parent == nil {
		out.Nlink = 0 // unlinked or replaced while open
	}
	return 0
}

// attr is the file's attributes: from the handle, the VFS, or (for a
// file no longer in the tree) as last seen.
func (f *fileNode) attr(ctx context.Context, fh gofs.FileHandle) (vfs.Attr, syscall.Errno) {
	if h, ok := fh.(*fileHandle); ok {
		a := h.h.Attr()
		f.remember(a)
		return a, 0
	}
	p, ok := f.vpath()
	if !ok {
		return f.lastAttr(), 0
	}
	a, err := f.m.v.Getattr(ctx, p)
	if err != nil {
		return vfs.Attr{}, errno(err)
	}
	f.remember(a)
	return a, 0
}

var _ = (gofs.NodeSetattrer)((*fileNode)(nil))

func (f *fileNode) Setattr(ctx context.Context, fh gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	p, _ := f.vpath()
	var h *vfs.Handle
	if fhh, ok := fh.(*fileHandle); ok {
		h = fhh.h
		p = h.Path()
	}
	a, err := f.m.v.Setattr(ctx, p, h, setAttr(in))
	if err != nil {
		return errno(err)
	}
	f.remember(a)
	f.m.fill(&out.Attr, a)
	return 0
}

// setAttr converts a setattr request; ownership and atime are ignored.
func setAttr(in *fuse.SetAttrIn) vfs.SetAttr {
	var s vfs.SetAttr
	if sz, ok := in.GetSize(); ok {
		n := int64(sz)
		s.Size = &n
	}
	if m, ok := in.GetMode(); ok {
		mode := m & 0o7777
		s.Mode = &mode
	}
	if t, ok := in.GetMTime(); ok {
		s.Mtime = &t
	} else if in.Valid&fuse.FATTR_MTIME_NOW != 0 {
		now := time.Now()
		s.Mtime = &now
	}
	return s
}

// openFlags are the kernel flags for a file opened with flags.
//
// A file opened write-only bypasses the kernel's page cache
// (FOPEN_DIRECT_IO): each write(2) reaches the mount straight from the
// writer's memory, instead of being copied into page-cache pages that
// are then copied again into the FUSE request and, once written, have to
// be reclaimed. On a 1 GiB cp that took cp's system time from 0.4–1.3 to
// 0.23–0.31 core-seconds and the copy from 2.4–4.3 s to 2.3–3.3 s
// (docs/BENCHMARKS.md). Nothing is lost: the mount never answers reads
// from a write-only handle, and a write-only file cannot be mapped for
// writing. Files opened for reading, or read-write (mmap, editors,
// rsync's temporary files), keep the page cache, unless the mount was
// asked to bypass it for every file (Options.DirectIO).
func (m *mountFS) openFlags(flags uint32) uint32 {
	if m.directIO || int(flags)&syscall.O_ACCMODE == syscall.O_WRONLY {
		return fuse.FOPEN_DIRECT_IO
	}
	return 0
}
