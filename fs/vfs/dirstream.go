package vfs

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// Entry is one name in a directory.
type Entry struct {
	Name string
	Attr Attr
}

// DirStream reads a directory one listing page at a time: a directory of
// a million objects never holds more than one page. Entries fill the
// metadata cache, so the lookups that follow (ls -l, readdirplus) cost
// nothing. Files being written through the mount and not yet committed
// are added at the end.
type DirStream struct {
	v    *VFS
	dir  Path
	acct *storage.Account

	mu      sync.Mutex
	gen     uint64
	start   time.Time
	token   string
	page    []storage.ObjectInfo
	i       int
	last    bool // the current page is the last
	fetched bool // at least one page was fetched
	pages   int  // pages fetched
	inval   uint64
	bare    bool // the listing only, without the open files (relist)
	pending []Entry
	seen    map[string]bool // pending names met in the listing
	pi      int
	pos     uint64 // entries returned so far
	failed  bool
	next    chan pageResult // the next page, being fetched ahead
}

type pageResult struct {
	page *storage.ListPage
	err  error
}

// OpenDir starts reading directory p.
func (v *VFS) OpenDir(ctx context.Context, p Path) (*DirStream, error) {
	acct, err := v.account(p)
	if err != nil {
		return nil, err
	}
	d := &DirStream{v: v, dir: p, acct: acct}
	d.reset()
	return d, nil
}

func (d *DirStream) reset() {
	d.v.mu.Lock()
	d.v.gen++
	d.gen = d.v.gen
	d.v.mu.Unlock()
	d.start = d.v.meta.now() // the cache's clock (a test's, in tests)
	d.inval = d.v.meta.invalidations()
	d.token, d.page, d.i, d.last, d.fetched, d.pos, d.failed, d.pages = "", nil, 0, false, false, 0, false, 0
	d.next = nil // a page still being fetched ahead is dropped
	d.pending = nil
	if !d.bare {
		d.pending = d.v.pendingIn(d.dir)
	}
	d.seen = map[string]bool{}
	d.pi = 0
}

// Next returns the next entry; ok is false at the end.
func (d *DirStream) Next(ctx context.Context) (e Entry, ok bool, err error) {
	ctx = uninterruptible(ctx)
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		if d.i < len(d.page) {
			o := d.page[d.i]
			d.i++
			if e, ok := d.entry(o); ok {
				d.pos++
				return e, true, nil
			}
			continue
		}
		if !d.last {
			if err := d.fetch(ctx); err != nil {
				d.failed = true
				return Entry{}, false, err
			}
			continue
		}
		for d.pi < len(d.pending) {
			e := d.pending[d.pi]
			d.pi++
			if !d.seen[e.Name] {
				d.pos++
				return e, true, nil
			}
		}
		if !d.failed && d.fetched {
			d.v.meta.markComplete(d.dir, d.start, d.pages, d.inval)
		}
		return Entry{}, false, nil
	}
}

// Seek positions the stream after the first off entries, by listing again
// from the start if it has to go back (offsets are entry counts).
func (d *DirStream) Seek(ctx context.Context, off uint64) error {
	d.mu.Lock()
	if off == d.pos {
		d.mu.Unlock()
		return nil
	}
	if off < d.pos {
		d.reset()
	}
	d.mu.Unlock()
	for d.pos < off {
		if _, ok, err := d.Next(ctx); err != nil || !ok {
			return err
		}
	}
	return nil
}

// Pos is the number of entries returned so far.
func (d *DirStream) Pos() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pos
}

func (d *DirStream) fetch(ctx context.Context) error {
	if d.dir.IsAccount() {
		return d.fetchContainers(ctx)
	}
	var res pageResult
	if d.next != nil {
		select {
		case res = <-d.next:
		case <-ctx.Done():
			return ctx.Err()
		}
		d.next = nil
	} else {
		res.page, res.err = d.listPage(ctx, d.token)
	}
	if res.err != nil {
		return res.err
	}
	page := res.page
	d.page, d.i, d.fetched = page.Objects, 0, true
	d.pages++
	d.last = page.NextPageToken == "" || page.NextPageToken == d.token
	d.token = page.NextPageToken
	if !d.last {
		// Fetch the next page while the kernel takes this one: a large
		// directory lists in about the time its pages take, not that
		// plus the time to pass every entry on.
		next, token := make(chan pageResult, 1), d.token
		d.next = next
		go func() {
			p, err := d.listPage(d.v.ctx, token)
			next <- pageResult{p, err}
		}()
	}
	return nil
}

func (d *DirStream) listPage(ctx context.Context, token string) (*storage.ListPage, error) {
	defer d.v.gates.listing(d.acct.Name(), d.dir.Container, d.dir.prefix())()
	return d.acct.ListPage(ctx, d.dir.Container, &storage.ListOptions{
		Prefix: d.dir.prefix(), Delimiter: "/", PageToken: token,
	})
}

// fetchContainers lists an account's containers, which are few.
func (d *DirStream) fetchContainers(ctx context.Context) error {
	var page []storage.ObjectInfo
	for c, err := range d.acct.Containers(ctx) {
		if err != nil {
			return err
		}
		page = append(page, storage.ObjectInfo{Key: c.Name + "/", IsPrefix: true})
	}
	d.page, d.i, d.last, d.fetched = page, 0, true, true
	d.pages++
	return nil
}

// entry converts a listing entry, caching its attributes. It skips the
// directory's own marker, names that cannot be files (empty, ".", "..")
// and a prefix that a file of the same name already shows (the file wins,
// as it does in Lookup).
func (d *DirStream) entry(o storage.ObjectInfo) (Entry, bool) {
	name := strings.TrimPrefix(o.Key, d.dir.prefix())
	kind := KindFile
	switch {
	case o.IsPrefix:
		name, kind = strings.TrimSuffix(name, "/"), KindDir
	case strings.HasSuffix(name, LinkSuffix):
		name, kind = strings.TrimSuffix(name, LinkSuffix), KindSymlink
	}
	if !validName(name) {
		return Entry{}, false
	}
	p := d.dir.Child(name)
	if kind == KindDir && d.v.meta.listedAs(p, KindFile, d.gen) {
		return Entry{}, false
	}
	if kind != KindDir && d.v.del.isPending(d.acct, d.dir.Container, o.Key) {
		return Entry{}, false // renamed away; its delete is in flight
	}
	a := attrFromListing(kind, o)
	if kind == KindDir {
		a = d.v.DirAttr()
	}
	// An open file's object is cached too: once the file is closed, the
	// complete listing must not make it "not found".
	i := slices.IndexFunc(d.pending, func(e Entry) bool { return e.Name == name })
	if i < 0 || kind != KindDir {
		d.v.meta.putListed(p, a, d.gen, d.start, d.bare)
	}
	if i >= 0 {
		d.seen[name] = true
		return d.pending[i], true
	}
	return Entry{Name: name, Attr: a}, true
}

// pendingIn lists the open files directly inside dir, by name.
func (v *VFS) pendingIn(dir Path) []Entry {
	v.mu.Lock()
	var fs []*file
	for p, f := range v.files {
		if p.Parent() == dir && p != dir {
			fs = append(fs, f)
		}
	}
	v.mu.Unlock()
	var out []Entry
	for _, f := range fs {
		a := f.attrNow()
		out = append(out, Entry{Name: f.pathNow().Name(), Attr: a})
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	return out
}
