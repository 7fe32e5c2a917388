package fusefs

import (
	"context"
	"syscall"

	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// Tree is a top-level directory of the mount beside storage/: compute/,
// dns/ and lb/ plug in here with their own node types.
type Tree struct {
	Name string
	Node gofs.InodeEmbedder
}

// rootNode is <mnt>/: storage/ plus the extra trees.
type rootNode struct {
	gofs.Inode
	m     *mountFS
	trees []Tree
}

var _ = (gofs.NodeOnAdder)((*rootNode)(nil))

// OnAdd builds the fixed top of the tree: storage/<account>/ for every
// account, then the extra trees.
func (r *rootNode) OnAdd(ctx context.Context) {
	st := r.NewPersistentInode(ctx, &storageNode{m: r.m}, gofs.StableAttr{Mode: syscall.S_IFDIR})
	r.AddChild("storage", st, true)
	r.m.storage = st
	for _, name := range r.m.v.Accounts() {
		acct := st.NewPersistentInode(ctx, &dirNode{node: node{m: r.m}}, gofs.StableAttr{Mode: syscall.S_IFDIR})
		st.AddChild(name, acct, true)
	}
	for _, t := range r.trees {
		ch := r.NewPersistentInode(ctx, t.Node, gofs.StableAttr{Mode: syscall.S_IFDIR})
		r.AddChild(t.Name, ch, true)
	}
}

var _ = (gofs.NodeGetattrer)((*rootNode)(nil))

func (r *rootNode) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	r.m.fill(&out.Attr, vfs.Attr{Kind: vfs.KindDir, Mode: 0o755, Mtime: r.m.v.DirAttr().Mtime})
	return 0
}

var _ = (gofs.NodeStatfser)((*rootNode)(nil))

func (r *rootNode) Statfs(ctx context.Context, out *fuse.StatfsOut) syscall.Errno {
	return statfs(r.m.v, out)
}

// storageNode is <mnt>/storage/: one directory per storage account.
type storageNode struct {
	gofs.Inode
	m *mountFS
}

var _ = (gofs.NodeGetattrer)((*storageNode)(nil))

func (s *storageNode) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	s.m.fill(&out.Attr, vfs.Attr{Kind: vfs.KindDir, Mode: 0o755, Mtime: s.m.v.DirAttr().Mtime})
	return 0
}

var _ = (gofs.NodeStatfser)((*storageNode)(nil))

func (s *storageNode) Statfs(ctx context.Context, out *fuse.StatfsOut) syscall.Errno {
	return statfs(s.m.v, out)
}
