package vfs

import (
	"sync"
	"time"
)

// metaCache holds what the VFS knows about names for a TTL: positive
// entries (attributes), negative entries (the name does not exist) and,
// per directory, whether a complete listing was read recently. While a
// directory's listing is fresh, a name it did not contain is known not to
// exist without asking the provider, which makes creating files cheap.
// The mount's own changes update the cache at once.
type metaCache struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[Path]metaEntry
	dirs    map[Path]dirMark // complete listings
	inserts int
	inval   uint64 // counts forgets: a listing that spans one marks nothing complete
}

// dirMark records a complete listing of a directory: valid until exp,
// and how many listing pages it took (relist.go reads a small directory
// again when its mark lapses).
type dirMark struct {
	exp   time.Time
	pages int
}

type metaEntry struct {
	attr Attr
	neg  bool
	exp  time.Time
	at   time.Time // when it was set
	gen  uint64    // the listing that put it, 0 for others
	// relisted: put by a relist (relist.go), which no readdir asked for,
	// so its listing attributes answer no getattr (cached in lookup.go).
	relisted bool
}

func newMetaCache(ttl time.Duration) *metaCache {
	return &metaCache{ttl: ttl, now: time.Now, entries: map[Path]metaEntry{}, dirs: map[Path]dirMark{}}
}

// get returns p's entry: ok is false if nothing fresh is known; neg is
// true if p is known not to exist.
func (c *metaCache) get(p Path) (a Attr, neg, ok bool) {
	a, neg, ok, _ = c.getEntry(p)
	return a, neg, ok
}

// getEntry is get, and reports whether a relist put the entry.
func (c *metaCache) getEntry(p Path) (a Attr, neg, ok, relisted bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if e, found := c.entries[p]; found && now.Before(e.exp) {
		return e.attr.clone(), e.neg, true, e.relisted
	}
	if p.Key != "" || p.Container != "" {
		if m, found := c.dirs[p.Parent()]; found && now.Before(m.exp) {
			return Attr{}, true, true, false
		}
	}
	return Attr{}, false, false, false
}

// put records p's attributes for the TTL.
func (c *metaCache) put(p Path, a Attr) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set(p, metaEntry{attr: a.clone(), exp: c.now().Add(c.ttl)})
}

// putListed records an entry from listing gen, started at start. An
// entry set after the listing started is newer and stays (an unlink, a
// rename or an upload meanwhile). Metadata already known for the same
// object version is kept: listings carry none.
func (c *metaCache) putListed(p Path, a Attr, gen uint64, start time.Time, relisted bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[p]; ok && old.gen != gen && old.at.After(start) {
		return
	}
	if old, ok := c.entries[p]; ok && !old.neg && old.attr.Kind == a.Kind && old.attr.MetaKnown && c.now().Before(old.exp) &&
		(old.attr.ETag == a.ETag || old.attr.ETag == "" && old.attr.Size == a.Size) {
		etag := a.ETag
		a = old.attr.clone()
		a.ETag = etag
	}
	c.set(p, metaEntry{attr: a, exp: start.Add(c.ttl), gen: gen, relisted: relisted && !a.MetaKnown})
}

// listedAs reports whether p was put as kind by listing gen.
func (c *metaCache) listedAs(p Path, kind Kind, gen uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[p]
	return ok && e.gen == gen && !e.neg && e.attr.Kind == kind
}

// putNeg records that p does not exist.
func (c *metaCache) putNeg(p Path) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set(p, metaEntry{neg: true, exp: c.now().Add(c.ttl)})
}

// forget drops what is known about p.
func (c *metaCache) forget(p Path) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, p)
	delete(c.dirs, p)
	c.inval++
}

// forgetTree drops p and everything below it, and the completeness of
// p's parent.
func (c *metaCache) forgetTree(p Path) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q := range c.entries {
		if q.under(p) {
			delete(c.entries, q)
		}
	}
	for q := range c.dirs {
		if q.under(p) {
			delete(c.dirs, q)
		}
	}
	c.inval++
}

// invalidations returns the count of forgets so far, for markComplete.
func (c *metaCache) invalidations() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inval
}

// markComplete records that directory p was fully listed, in pages
// listing pages, starting at start, unless something was forgotten since
// the listing started (inval, from invalidations then): a directory
// moved in meanwhile (renameDir) is not in the listing.
func (c *metaCache) markComplete(p Path, start time.Time, pages int, inval uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inval != inval {
		return
	}
	c.dirs[p] = dirMark{exp: start.Add(c.ttl), pages: pages}
}

// markLarge records that directory p takes more than pages listing
// pages, unless a fresh listing marked it complete meanwhile.
func (c *metaCache) markLarge(p Path, pages int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.dirs[p]; ok && !c.now().Before(m.exp) {
		m.pages = pages
		c.dirs[p] = m
	}
}

// markEmpty records that directory p was just made and holds nothing.
func (c *metaCache) markEmpty(p Path) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dirs[p] = dirMark{exp: c.now().Add(c.ttl), pages: 1}
}

// complete reports whether directory p has a fresh complete listing.
func (c *metaCache) complete(p Path) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.dirs[p]
	return ok && c.now().Before(m.exp)
}

// lapsed reports whether directory p's complete listing, of at most
// maxPages pages, went stale within the last TTL.
func (c *metaCache) lapsed(p Path, maxPages int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	m, ok := c.dirs[p]
	now := c.now()
	return ok && m.pages <= maxPages && !now.Before(m.exp) && now.Before(m.exp.Add(c.ttl))
}

// unmarkComplete forgets that p was fully listed.
func (c *metaCache) unmarkComplete(p Path) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.dirs, p)
	c.inval++
}

// set stores e and, every so often, drops expired entries so the cache
// stays as small as what was seen within one TTL.
func (c *metaCache) set(p Path, e metaEntry) {
	e.at = c.now()
	c.entries[p] = e
	c.inserts++
	if c.inserts < 4096 || c.inserts < len(c.entries)/2 {
		return
	}
	c.inserts = 0
	now := c.now()
	for q, e := range c.entries {
		if !now.Before(e.exp) {
			delete(c.entries, q)
		}
	}
	for q, m := range c.dirs {
		if !now.Before(m.exp.Add(c.ttl)) { // kept lapsed for a TTL (relist.go)
			delete(c.dirs, q)
		}
	}
}
