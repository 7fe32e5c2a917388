package vfs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"golang.org/x/sync/semaphore"
	"golang.org/x/sync/singleflight"
)

// VFS is the filesystem over a set of storage accounts.
type VFS struct {
	opts     Options
	log      *slog.Logger
	accounts map[string]*storage.Account
	names    []string
	meta     *metaCache
	metaQ    *metaQueue
	del      *deleter
	gates    *listGates
	relists  singleflight.Group // by directory (relist.go)
	wb       chan struct{}      // write-back slots (writeback.go)
	stage    *stageCache
	raBudget *semaphore.Weighted
	bufs     *bufPool
	start    time.Time
	stats    Stats

	// ctx outlives FUSE requests: uploads and mutations run under it so
	// that an interrupted system call never leaves half an operation.
	ctx    context.Context
	cancel context.CancelFunc

	mu    sync.Mutex
	files map[Path]*file // open or pending files
	gen   uint64         // listing generations
}

// New makes a VFS over accounts (keyed by the config's account names).
func New(accounts map[string]*storage.Account, opts Options) (*VFS, error) {
	o := opts.withDefaults()
	st, err := newStageCache(o.CacheDir, o.CacheMaxSize)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	v := &VFS{
		opts: o, log: o.Logger, accounts: accounts, meta: newMetaCache(o.DirCacheTime),
		stage: st, raBudget: semaphore.NewWeighted(o.ReadAheadTotal), bufs: newBufPool(),
		start: time.Now(), ctx: ctx, cancel: cancel, files: map[Path]*file{},
	}
	v.metaQ = newMetaQueue(v, o.MetaDelay)
	v.del = newDeleter(v, o.Concurrency)
	v.gates = newListGates()
	v.wb = make(chan struct{}, o.Concurrency)
	v.stats.raLimit = o.ReadAheadTotal
	for name := range accounts {
		v.names = append(v.names, name)
	}
	slices.Sort(v.names)
	return v, nil
}

// Options returns the options in effect, defaults filled in.
func (v *VFS) Options() Options { return v.opts }

// Accounts lists the account names in order.
func (v *VFS) Accounts() []string { return slices.Clone(v.names) }

// Close commits every pending upload that can be committed (files still
// open for writing included), waits for them, and removes the staging
// files. Its error joins the failed commits. The VFS is unusable after.
func (v *VFS) Close(ctx context.Context) error {
	var errList []error
	for _, f := range v.registered() {
		if err := f.shutdown(ctx); err != nil {
			errList = append(errList, fmt.Errorf("%s: %w", f.pathNow(), err))
		}
	}
	v.metaQ.close()
	v.del.close()
	v.cancel()
	return errors.Join(errList...)
}

// Settle uploads held files, stores every queued metadata change and
// waits for the background deletes of renamed objects: afterwards the provider holds
// everything the mount has acknowledged, except files still open.
func (v *VFS) Settle() {
	v.commitHeld()
	v.metaQ.flushUnder(Path{})
	v.del.close()
}

// Abort discards every pending upload without committing it: nothing
// half-written reaches the provider.
func (v *VFS) Abort() {
	for _, f := range v.registered() {
		f.abort()
	}
	v.metaQ.close() // closed files' metadata is not half of anything: store it
	v.del.close()
	v.cancel()
}

// account returns p's account or ENOENT.
func (v *VFS) account(p Path) (*storage.Account, error) {
	a, ok := v.accounts[p.Account]
	if !ok {
		return nil, syscall.ENOENT
	}
	return a, nil
}

// writable fails with EROFS on a read-only mount.
func (v *VFS) writable() error {
	if v.opts.ReadOnly {
		return syscall.EROFS
	}
	return nil
}

// DirPerm and FilePerm are the default permissions.
func (v *VFS) DirPerm() uint32  { return 0o777 &^ v.opts.Umask }
func (v *VFS) FilePerm() uint32 { return 0o666 &^ v.opts.Umask }

// Perm is a's permission bits, the default where the object has none.
func (v *VFS) Perm(a Attr) uint32 {
	switch {
	case a.Kind == KindSymlink:
		return 0o777
	case a.Mode != 0:
		return a.Mode
	case a.Kind == KindDir:
		return v.DirPerm()
	}
	return v.FilePerm()
}

// DirAttr is the attributes of a directory without a marker's metadata.
func (v *VFS) DirAttr() Attr { return Attr{Kind: KindDir, Mtime: v.start} }

// logf logs at debug level.
func (v *VFS) debug(msg string, args ...any) { v.log.Debug(msg, args...) }

// mutation detaches a call from the request's cancellation. The kernel
// cancels a FUSE request when the calling thread gets a signal, and the
// caller then sees EINTR, which most programs do not retry on calls other
// than read(2) (Go programs, which get signals all the time, included). So
// every call but Read runs to completion (bounded by the transport's
// timeouts), and a change never stops half-way (a marker written but not
// listed, a copy without its delete). Reads stay interruptible: a read
// can wait on the network, and readers retry EINTR.
func mutation(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// uninterruptible is mutation for lookups, listings and metadata reads.
func uninterruptible(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
