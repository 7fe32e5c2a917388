package vfs

import (
	"context"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// deleter removes the source objects of copy-then-delete renames in the
// background: a rename returns once the copy is done (the new name is
// complete and durable), and the old name is already gone from the
// mount's view. Anything that writes at a key first waits for a delete
// of that key still in flight (wait), listings hide keys being deleted
// (pending), and unmount waits for all of them (close). A delete that
// fails is retried, then logged: the old object is left behind, nothing
// is lost.
type deleter struct {
	v   *VFS
	sem chan struct{}

	mu      sync.Mutex
	pending map[objectRef]chan struct{}
}

// objectRef names an object of an account.
type objectRef struct{ account, container, key string }

func newDeleter(v *VFS, concurrency int) *deleter {
	return &deleter{v: v, sem: make(chan struct{}, concurrency), pending: map[objectRef]chan struct{}{}}
}

// start deletes key in the background.
func (d *deleter) start(acct *storage.Account, container, key string) {
	ref := objectRef{acct.Name(), container, key}
	d.mu.Lock()
	if _, busy := d.pending[ref]; busy {
		d.mu.Unlock()
		return
	}
	done := make(chan struct{})
	d.pending[ref] = done
	d.mu.Unlock()
	go func() {
		d.sem <- struct{}{}
		defer func() { <-d.sem }()
		var err error
		for attempt := range 3 {
			if err = acct.Delete(d.v.ctx, container, key); err == nil || errs.Is(err, errs.NotFound) || d.v.ctx.Err() != nil {
				err = nil
				break
			}
			time.Sleep(time.Duration(attempt+1) * 100 * time.Millisecond)
		}
		if err != nil {
			d.v.log.Warn("deleting a renamed object's old name failed; it is left behind", "object", container+"/"+key, "err", err)
		}
		d.mu.Lock()
		delete(d.pending, ref)
		d.mu.Unlock()
		close(done)
	}()
}

// wait returns once no delete of key is in flight.
func (d *deleter) wait(ctx context.Context, acct *storage.Account, container, key string) {
	d.mu.Lock()
	done := d.pending[objectRef{acct.Name(), container, key}]
	d.mu.Unlock()
	if done != nil {
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
}

// isPending reports whether key is being deleted.
func (d *deleter) isPending(acct *storage.Account, container, key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.pending[objectRef{acct.Name(), container, key}]
	return ok
}

// close waits for every delete in flight.
func (d *deleter) close() {
	d.mu.Lock()
	waits := make([]chan struct{}, 0, len(d.pending))
	for _, done := range d.pending {
		waits = append(waits, done)
	}
	d.mu.Unlock()
	for _, done := range waits {
		<-done
	}
}

// waitUnder returns once no delete of a key under prefix is in flight.
func (d *deleter) waitUnder(ctx context.Context, acct *storage.Account, container, prefix string) {
	d.mu.Lock()
	var waits []chan struct{}
	for ref, done := range d.pending {
		if ref.account == acct.Name() && ref.container == container && len(ref.key) >= len(prefix) && ref.key[:len(prefix)] == prefix {
			waits = append(waits, done)
		}
	}
	d.mu.Unlock()
	for _, done := range waits {
		select {
		case <-done:
		case <-ctx.Done():
			return
		}
	}
}

// moveKey renames an object: natively where the account can; as a
// server-side copy (replacing the metadata when meta is given) and a
// background delete where it copies; otherwise with the account's own
// copy and delete.
func (v *VFS) moveKey(ctx context.Context, acct *storage.Account, container, srcKey, dstKey string, meta *storage.MetadataUpdate) error {
	f := acct.Features()
	v.del.wait(ctx, acct, container, dstKey)
	if f.NativeRename || !f.ServerSideCopy {
		if err := acct.Rename(ctx, container, srcKey, dstKey); err != nil {
			return err
		}
		if meta == nil {
			return nil
		}
		defer v.gates.updating(acct.Name(), container, dstKey)()
		return acct.SetMetadata(ctx, container, dstKey, meta)
	}
	if err := acct.Copy(ctx, container, dstKey, container, srcKey, &storage.CopyOptions{ReplaceMetadata: meta}); err != nil {
		return err
	}
	v.del.start(acct, container, srcKey)
	return nil
}
