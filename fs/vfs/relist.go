package vfs

import (
	"context"
)

// relistMaxPages bounds the directories relist reads again: up to 10,000
// names, a few listing requests per TTL.
const relistMaxPages = 10

// relist lists directory dir again when the complete listing the cache
// had of it went stale within the last TTL and was small, and reports
// whether dir is now complete in the cache. A name missing from a fresh
// complete listing is known not to exist; without one, each lookup of a
// new name asks the provider three questions (statRemote). So a burst of
// new names in one directory that runs past the TTL (rsync, tar, cp -r of
// many files: a lookup and a create per file) costs one listing per TTL
// instead of three requests per name. Concurrent lookups in dir share one
// listing.
func (v *VFS) relist(ctx context.Context, dir Path) bool {
	if dir.Key == "" && dir.Container == "" || !v.meta.lapsed(dir, relistMaxPages) {
		return false
	}
	_, err, _ := v.relists.Do(dir.String(), func() (any, error) {
		if !v.meta.lapsed(dir, relistMaxPages) {
			return nil, nil // another lookup's relist just finished
		}
		acct, err := v.account(dir)
		if err != nil {
			return nil, err
		}
		// Bare: the entries go to the cache only, and an upload holding
		// an open file's lock in dir does not hold the lookup up.
		d := &DirStream{v: v, dir: dir, acct: acct, bare: true}
		d.reset()
		return nil, d.readAll(ctx, relistMaxPages)
	})
	if err != nil {
		v.log.Debug("relisting a directory failed", "path", dir.String(), "err", err)
		return false
	}
	return v.meta.complete(dir)
}

// readAll reads the stream to its end, which marks the directory
// complete in the cache, unless it has more than maxPages pages: then it
// stops early and records that the directory is too large to relist.
func (d *DirStream) readAll(ctx context.Context, maxPages int) error {
	for {
		_, ok, err := d.Next(ctx)
		if err != nil || !ok {
			return err
		}
		d.mu.Lock()
		over := d.pages >= maxPages && !d.last
		d.mu.Unlock()
		if over {
			d.v.meta.markLarge(d.dir, maxPages+1)
			return nil
		}
	}
}
