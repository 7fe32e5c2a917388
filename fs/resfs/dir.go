package resfs

import (
	"context"
	"hash/fnv"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/fs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// resDir is a writable folder: nodes/, volumes/, keypairs/, balancers/ or
// a zone's folder. Its resource files come from the folder's kind; every
// other name is a scratch file in memory. What it knows about a name
// outlives the kernel's inodes, which come and go: size and mtime, the
// content last read (the base of a later write), scratch content, and
// files being created.
type resDir struct {
	gofs.Inode
	m    *mount
	f    folder
	errs *errorLog
	path string // inside the mount: "compute/lab/nodes"
	list *listCache

	// applyMu serialises the changes made through this folder, so that a
	// change's conflict check and its provider calls are not interleaved
	// with another change made through the mount.
	applyMu sync.Mutex

	mu      sync.Mutex
	meta    map[string]*fileMeta
	scratch map[string]*memFile
	pending map[string]int // files created here, open, not yet at the provider
}

// fileMeta is what the folder knows about one resource file.
type fileMeta struct {
	size  int
	sum   uint64
	mtime time.Time
	// seen is the content when the file was last opened for reading (or
	// last written) through the mount: the base of a write that did not
	// read the file itself (O_TRUNC, or a rename onto it).
	seen []byte
}

func newResDir(m *mount, log *errorLog, path string, f folder) *resDir {
	d := &resDir{m: m, f: f, errs: log, path: path,
		meta: map[string]*fileMeta{}, scratch: map[string]*memFile{}, pending: map[string]int{}}
	d.list = newListCache(m.opts.ListTTL, func(ctx context.Context) ([]item, error) {
		items, err := f.list(ctx)
		for _, it := range items {
			d.observe(it.name, it.data)
		}
		return items, err
	})
	return d
}

var _ = (gofs.NodeGetattrer)((*resDir)(nil))

func (d *resDir) Getattr(ctx context.Context, f gofs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	d.m.fillDir(&out.Attr, time.Time{})
	return 0
}

var _ = (gofs.NodeSetattrer)((*resDir)(nil))

// Setattr accepts and ignores mode, owner and time changes (cp -r and
// editors set them), so that tools do not fail.
func (d *resDir) Setattr(ctx context.Context, f gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	return d.Getattr(ctx, f, out)
}

var _ = (gofs.NodeLookuper)((*resDir)(nil))

func (d *resDir) Lookup(ctx context.Context, name string, out *fuse.EntryOut) (*gofs.Inode, syscall.Errno) {
	var mem *memFile
	if !d.f.owns(name) {
		if mem = d.scratchFile(name); mem == nil {
			return gone(out, syscall.ENOENT)
		}
	} else if ok, errno := d.exists(ctx, name); !ok {
		if errno == 0 {
			errno = syscall.ENOENT
		}
		return gone(out, errno)
	}
	ch := d.child(ctx, name, mem)
	ch.Operations().(*fileNode).fillAttr(nil, &out.Attr)
	fresh(out)
	return ch, 0
}

// exists reports whether a resource file is there: a file being created,
// else the listing, else (when the listing came from the cache) the
// provider itself, so that a resource made elsewhere a moment ago is
// found.
func (d *resDir) exists(ctx context.Context, name string) (bool, syscall.Errno) {
	if d.isPending(name) {
		return true, 0
	}
	items, loaded, err := d.list.get(ctx)
	if err != nil {
		return false, fs.Errno(err)
	}
	if _, ok := items[name]; ok {
		return true, 0
	}
	if loaded {
		return false, 0
	}
	data, err := d.f.get(ctx, name)
	if errs.Is(err, errs.NotFound) {
		return false, 0
	}
	if err != nil {
		return false, fs.Errno(err)
	}
	d.observe(name, data)
	d.list.invalidate()
	return true, 0
}

// child returns the inode for name: the kernel's current one if it is
// still this file, else a new one.
func (d *resDir) child(ctx context.Context, name string, mem *memFile) *gofs.Inode {
	if ch := d.GetChild(name); ch != nil {
		if n, ok := ch.Operations().(*fileNode); ok && n.is(d, name, mem) {
			return ch
		}
	}
	return d.NewInode(ctx, &fileNode{dir: d, name: name, mem: mem}, gofs.StableAttr{Mode: syscall.S_IFREG})
}

var _ = (gofs.NodeReaddirer)((*resDir)(nil))

func (d *resDir) Readdir(ctx context.Context) (gofs.DirStream, syscall.Errno) {
	if r, ok := d.f.(revealer); ok && r.reveal() {
		d.list.invalidate()
	}
	items, _, err := d.list.get(ctx)
	if err != nil {
		return nil, fs.Errno(err)
	}
	all := names(items)
	d.mu.Lock()
	for name := range d.pending {
		all = append(all, name)
	}
	for name := range d.scratch {
		all = append(all, name)
	}
	d.mu.Unlock()
	slices.Sort(all)
	all = slices.Compact(all)
	entries := make([]fuse.DirEntry, len(all))
	for i, name := range all {
		entries[i] = fuse.DirEntry{Name: name, Mode: syscall.S_IFREG}
	}
	return gofs.NewListDirStream(entries), 0
}

// observe records that a resource file has content data now; its mtime
// moves when the content changes.
func (d *resDir) observe(name string, data []byte) {
	h := fnv.New64a()
	h.Write(data)
	sum := h.Sum64()
	d.mu.Lock()
	defer d.mu.Unlock()
	fm := d.meta[name]
	switch {
	case fm == nil:
		d.meta[name] = &fileMeta{size: len(data), sum: sum, mtime: time.Now()}
	case fm.sum != sum || fm.size != len(data):
		fm.size, fm.sum, fm.mtime = len(data), sum, time.Now()
	}
}

// metaOf returns the size and mtime last observed for a resource file.
func (d *resDir) metaOf(name string) (int, time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if fm := d.meta[name]; fm != nil {
		return fm.size, fm.mtime
	}
	return 0, time.Time{}
}

func (d *resDir) setSeen(name string, data []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if fm := d.meta[name]; fm != nil {
		fm.seen = data
	}
}

func (d *resDir) seenOf(name string) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if fm := d.meta[name]; fm != nil {
		return fm.seen
	}
	return nil
}

func (d *resDir) forget(name string) {
	d.mu.Lock()
	delete(d.meta, name)
	d.mu.Unlock()
}

func (d *resDir) isPending(name string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pending[name] > 0
}

func (d *resDir) addPending(name string, delta int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pending[name] += delta; d.pending[name] <= 0 {
		delete(d.pending, name)
	}
}

// fail records a refused change of the file name in the account's .errors.
func (d *resDir) fail(name string, err error) {
	d.errs.add(d.path+"/"+name, err)
}

// limit is the most bytes the file name may hold.
func (d *resDir) limit(name string) int {
	if !d.f.owns(name) {
		return maxScratchSize
	}
	return d.f.limit(name, d.m.opts.MaxFileSize)
}

// dropEntry tells the kernel that name, which it saw created, is not
// there after all (a new file closed empty or refused). The kernel keeps
// entries for at least a jiffy even when told not to cache them. The
// notice is sent from a goroutine: the kernel takes the folder's lock to
// process it, which an operation in flight may hold.
func (d *resDir) dropEntry(name string) {
	go d.NotifyEntry(name)
}
