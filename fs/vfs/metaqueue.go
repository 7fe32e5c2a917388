package vfs

import (
	"context"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// metaQueue holds metadata-only changes (chmod, utimes) of files that are
// not being written, for Options.MetaDelay before they are stored. The
// change is visible through the mount at once (the cache has it). Tools
// that set times and modes and then rename (rsync: chmod, utimes, rename
// of its temp file) get all three for the price of the rename: a
// server-side copy that writes the new metadata. Whatever is still queued
// is stored after the delay, before anything else touches the object
// (an upload, a directory rename) and at unmount.
type metaQueue struct {
	v     *VFS
	delay time.Duration

	mu      sync.Mutex
	pending map[Path]queuedMeta
	wake    chan struct{}
	done    chan struct{}
}

type queuedMeta struct {
	attr Attr
	due  time.Time
}

func newMetaQueue(v *VFS, delay time.Duration) *metaQueue {
	q := &metaQueue{v: v, delay: delay, pending: map[Path]queuedMeta{}, wake: make(chan struct{}, 1), done: make(chan struct{})}
	if delay > 0 {
		go q.loop()
	}
	return q
}

// put queues a's metadata for p, or stores it now when there is no delay.
func (q *metaQueue) put(p Path, a Attr) error {
	if q.delay <= 0 {
		return q.v.setMetadata(p, a.Kind, a)
	}
	q.mu.Lock()
	due := time.Now().Add(q.delay)
	if old, ok := q.pending[p]; ok {
		due = old.due // a burst of changes is stored once, on time
	}
	q.pending[p] = queuedMeta{attr: a.clone(), due: due}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return nil
}

// take removes and returns p's queued metadata, if any.
func (q *metaQueue) take(p Path) (Attr, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	m, ok := q.pending[p]
	delete(q.pending, p)
	return m.attr, ok
}

// drop forgets p's queued metadata (the object was replaced or removed).
func (q *metaQueue) drop(p Path) { q.take(p) }

// flushUnder stores the queued metadata of dir and everything below it
// (of everything, for the zero Path).
func (q *metaQueue) flushUnder(dir Path) {
	q.mu.Lock()
	var ps []Path
	for p := range q.pending {
		if dir == (Path{}) || p.under(dir) {
			ps = append(ps, p)
		}
	}
	q.mu.Unlock()
	for _, p := range ps {
		q.flush(p)
	}
}

// flush stores p's queued metadata now.
func (q *metaQueue) flush(p Path) {
	a, ok := q.take(p)
	if !ok {
		return
	}
	if err := q.v.setMetadata(p, a.Kind, a); err != nil && !errs.Is(err, errs.NotFound) {
		q.v.log.Warn("storing metadata failed", "path", p.String(), "err", err)
	}
}

// loop stores queued metadata when it falls due.
func (q *metaQueue) loop() {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		next := q.flushDue()
		if next.IsZero() {
			next = time.Now().Add(time.Hour)
		}
		t.Reset(time.Until(next))
		select {
		case <-q.done:
			return
		case <-q.wake:
		case <-t.C:
		}
	}
}

// flushDue stores what is due and returns when the next item is.
func (q *metaQueue) flushDue() time.Time {
	now := time.Now()
	var due []Path
	var next time.Time
	q.mu.Lock()
	for p, m := range q.pending {
		if !m.due.After(now) {
			due = append(due, p)
		} else if next.IsZero() || m.due.Before(next) {
			next = m.due
		}
	}
	q.mu.Unlock()
	for _, p := range due {
		q.flush(p)
	}
	return next
}

// close stores everything queued and stops the loop.
func (q *metaQueue) close() {
	select {
	case <-q.done:
		return
	default:
		close(q.done)
	}
	q.flushUnder(Path{})
}

// renameWithMeta moves a closed file whose metadata is queued, storing the
// metadata in the same step (moveKey: a copy that replaces it).
func (v *VFS) renameWithMeta(ctx context.Context, acct *storage.Account, src, dst Path, a Attr) error {
	srcKey, dstKey := src.Key, dst.Key
	if a.Kind == KindSymlink {
		srcKey, dstKey = src.linkKey(), dst.linkKey()
	}
	return v.moveKey(ctx, acct, src.Container, srcKey, dstKey, &storage.MetadataUpdate{
		ContentType: contentType(dst, a), Metadata: a.metadata(), ModTime: a.Mtime,
	})
}
