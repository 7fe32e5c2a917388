package fusefs

import (
	"context"
	"strings"
	"syscall"

	cfs "github.com/cloudfs/cloudfs/fs"
	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// mountFS is what every node of one mount shares.
type mountFS struct {
	v       *vfs.VFS
	storage *gofs.Inode // the storage/ directory: vfs paths are relative to it
	uid     uint32
	gid     uint32

	directIO bool // every open bypasses the page cache (Options.DirectIO)
}

// node is embedded by the storage nodes: it knows its mount and turns its
// place in the tree into a vfs.Path.
type node struct {
	gofs.Inode
	m *mountFS
}

// vpath is n's path below storage/; ok is false for a node that is no
// longer in the tree (unlinked or replaced while open).
func (n *node) vpath() (vfs.Path, bool) {
	if _, parent := n.Parent(); parent == nil {
		return vfs.Path{}, false
	}
	rel := n.Path(n.m.storage)
	if strings.HasPrefix(rel, ".go-fuse.") || strings.Contains(rel, "/.go-fuse.") {
		return vfs.Path{}, false
	}
	parts := strings.SplitN(rel, "/", 3)
	p := vfs.Path{Account: parts[0]}
	if len(parts) > 1 {
		p.Container = parts[1]
	}
	if len(parts) > 2 {
		p.Key = parts[2]
	}
	return p, true
}

// errno maps a VFS error.
func errno(err error) syscall.Errno { return cfs.Errno(err) }

// typeBits is the S_IFMT bits of a kind.
func typeBits(k vfs.Kind) uint32 {
	switch k {
	case vfs.KindDir:
		return syscall.S_IFDIR
	case vfs.KindSymlink:
		return syscall.S_IFLNK
	}
	return syscall.S_IFREG
}

// fill converts VFS attributes for the kernel.
func (m *mountFS) fill(out *fuse.Attr, a vfs.Attr) {
	out.Mode = typeBits(a.Kind) | m.v.Perm(a)
	out.Size = uint64(a.Size)
	out.Blocks = (out.Size + 511) / 512
	out.Blksize = 1 << 20 // cp and friends size their buffers by it
	out.Nlink = 1
	if a.Kind == vfs.KindDir {
		out.Nlink = 2
	}
	t := a.Mtime
	out.SetTimes(&t, &t, &t)
	out.Owner = fuse.Owner{Uid: m.uid, Gid: m.gid}
}

// newChild returns the inode for child name of a kind, reusing the one
// the kernel already knows when the kind matches (stable inode numbers).
func (n *node) newChild(ctx context.Context, name string, a vfs.Attr) *gofs.Inode {
	mode := typeBits(a.Kind)
	if ch := n.GetChild(name); ch != nil && ch.StableAttr().Mode == mode {
		if f, ok := ch.Operations().(*fileNode); ok {
			f.remember(a)
		}
		return ch
	}
	var ops gofs.InodeEmbedder
	switch a.Kind {
	case vfs.KindDir:
		ops = &dirNode{node: node{m: n.m}}
	case vfs.KindSymlink:
		ops = &symlinkNode{node: node{m: n.m}}
	default:
		f := &fileNode{node: node{m: n.m}}
		f.remember(a)
		ops = f
	}
	return n.NewInode(ctx, ops, gofs.StableAttr{Mode: mode})
}

// entry fills a lookup reply.
func (n *node) entry(out *fuse.EntryOut, a vfs.Attr) {
	n.m.fill(&out.Attr, a)
}

// Statfs answers for every node of the mount.
func (n *node) Statfs(ctx context.Context, out *fuse.StatfsOut) syscall.Errno {
	return statfs(n.m.v, out)
}

var _ = (gofs.NodeStatfser)((*node)(nil))

func statfs(v *vfs.VFS, out *fuse.StatfsOut) syscall.Errno {
	s := v.Statfs()
	out.Bsize, out.Frsize, out.NameLen = s.Bsize, s.Bsize, s.NameLen
	out.Blocks, out.Bfree, out.Bavail = s.Blocks, s.Bfree, s.Bavail
	out.Files, out.Ffree = s.Files, s.Ffree
	return 0
}
