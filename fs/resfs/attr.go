package resfs

import (
	"syscall"
	"time"

	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// Kernel cache lifetimes. Resource names and attributes change at the
// provider, so the kernel is told to ask again every time (go-fuse treats
// 0 as "use the mount's default", hence a nanosecond); the answers come
// from this package's own short-lived listing cache. Fixed folders never
// change.
const (
	freshTTL  = time.Nanosecond
	staticTTL = time.Hour
)

// Permissions of what the trees show.
const (
	modeDir      = 0o755
	modeFile     = 0o644
	modeReadOnly = 0o444
)

func (m *mount) fillDir(a *fuse.Attr, mtime time.Time) {
	m.fill(a, syscall.S_IFDIR|modeDir, 0, mtime)
	a.Nlink = 2
}

func (m *mount) fillFile(a *fuse.Attr, perm uint32, size int, mtime time.Time) {
	m.fill(a, syscall.S_IFREG|perm, size, mtime)
}

func (m *mount) fill(a *fuse.Attr, mode uint32, size int, mtime time.Time) {
	if mtime.IsZero() {
		mtime = m.start
	}
	a.Mode = mode
	a.Nlink = 1
	a.Size = uint64(size)
	a.Blocks = (uint64(size) + 511) / 512
	a.Blksize = 4096
	a.Owner = fuse.Owner{Uid: m.opts.UID, Gid: m.opts.GID}
	a.SetTimes(nil, &mtime, &mtime)
}

// fresh sets the kernel lifetimes of a looked-up name that may change at
// the provider.
func fresh(out *fuse.EntryOut) {
	out.SetEntryTimeout(freshTTL)
	out.SetAttrTimeout(freshTTL)
}

// static sets the kernel lifetimes of a fixed name.
func static(out *fuse.EntryOut) {
	out.SetEntryTimeout(staticTTL)
	out.SetAttrTimeout(staticTTL)
}

// gone answers a lookup of a name that is not there. The kernel is told
// not to remember the miss (go-fuse would otherwise cache it for the
// mount's negative timeout), so a resource made elsewhere shows at once.
func gone(out *fuse.EntryOut, errno syscall.Errno) (*gofs.Inode, syscall.Errno) {
	out.SetEntryTimeout(freshTTL)
	return nil, errno
}
