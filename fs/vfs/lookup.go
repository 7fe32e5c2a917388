package vfs

import (
	"context"
	"sync"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// Lookup finds name in directory parent, with its complete attributes
// (mtime and mode from the object's metadata).
func (v *VFS) Lookup(ctx context.Context, parent Path, name string) (Attr, error) {
	if !validName(name) {
		return Attr{}, syscall.ENOENT
	}
	return v.Stat(ctx, parent.Child(name))
}

// LookupListed is Lookup for a name a directory listing just returned
// (readdirplus): the listing's attributes are good enough, which is what
// makes ls -l one listing and no request per file. Listings carry no
// metadata, so the mtime is the listing's (the upload time on S3) and the
// mode the default until the object is looked up by name.
func (v *VFS) LookupListed(ctx context.Context, parent Path, name string) (Attr, error) {
	if !validName(name) {
		return Attr{}, syscall.ENOENT
	}
	return v.stat(ctx, parent.Child(name), false)
}

// Stat returns p's attributes: from an open file, the cache, or the
// provider (one round trip: see statRemote). An entry that came from a
// listing is completed with a Stat of the object, once per TTL: this is
// a lookup by name.
func (v *VFS) Stat(ctx context.Context, p Path) (Attr, error) {
	return v.stat(ctx, p, true)
}

// Getattr is Stat for a node the kernel already knows: cached attributes
// are answered as they are, listing or not, so that the kernel's
// attribute refreshes after a listing (ls -l of a large directory) cost
// nothing. The cache's TTL bounds how stale they are.
func (v *VFS) Getattr(ctx context.Context, p Path) (Attr, error) {
	return v.stat(ctx, p, false)
}

func (v *VFS) stat(ctx context.Context, p Path, complete bool) (Attr, error) {
	ctx = uninterruptible(ctx)
	acct, err := v.account(p)
	if err != nil {
		return Attr{}, err
	}
	if p.IsAccount() {
		return v.DirAttr(), nil
	}
	if f := v.openFile(p); f != nil {
		return f.attrNow(), nil
	}
	if a, ok, err := v.cached(ctx, p, complete); ok {
		return a, err
	}
	if v.relist(ctx, p.Parent()) {
		if a, ok, err := v.cached(ctx, p, complete); ok {
			return a, err
		}
	}
	a, err := v.statRemote(ctx, acct, p)
	switch {
	case errs.Is(err, errs.NotFound):
		v.meta.putNeg(p)
		return Attr{}, syscall.ENOENT
	case err != nil:
		return Attr{}, err
	}
	v.meta.put(p, a)
	return a, nil
}

// cached answers stat from the cache, if it knows p (ok). Attributes a
// relist put are completed as a lookup's are, even for a getattr: no
// readdir showed them, and before the relist a getattr got them whole.
func (v *VFS) cached(ctx context.Context, p Path, complete bool) (Attr, bool, error) {
	a, neg, ok, relisted := v.meta.getEntry(p)
	switch {
	case !ok:
		return Attr{}, false, nil
	case neg:
		return Attr{}, true, syscall.ENOENT
	case relisted && !a.MetaKnown && a.Kind != KindDir:
		a, err := v.withMeta(ctx, p, a)
		return a, true, err
	case complete && !a.MetaKnown && a.Kind != KindDir:
		a, err := v.statFresh(ctx, p)
		return a, true, err
	}
	return a, true, nil
}

// statRemote asks the provider what p is. The three questions (an
// object at the key? anything under key/? a symlink object?) go out at
// once, so a lookup costs one round trip whatever the answer; a file wins
// over a directory, a directory over a symlink.
func (v *VFS) statRemote(ctx context.Context, acct *storage.Account, p Path) (Attr, error) {
	if p.IsContainer() {
		if _, err := acct.GetContainer(ctx, p.Container); err != nil {
			return Attr{}, err
		}
		return v.DirAttr(), nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var file, link *storage.Attributes
	var fileErr, dirErr, linkErr error
	isDir := false
	var wg sync.WaitGroup
	wg.Go(func() { file, fileErr = acct.Stat(ctx, p.Container, p.Key) })
	wg.Go(func() {
		page, err := acct.ListPage(ctx, p.Container, &storage.ListOptions{Prefix: p.prefix(), Delimiter: "/", PageSize: 1})
		isDir, dirErr = err == nil && len(page.Objects) > 0, err
	})
	wg.Go(func() { link, linkErr = acct.Stat(ctx, p.Container, p.linkKey()) })
	wg.Wait()
	if fileErr == nil && v.del.isPending(acct, p.Container, p.Key) {
		fileErr = errs.E(errs.NotFound, "", "", nil) // renamed away
	}
	if linkErr == nil && v.del.isPending(acct, p.Container, p.linkKey()) {
		linkErr = errs.E(errs.NotFound, "", "", nil)
	}
	switch {
	case fileErr == nil:
		return attrFromStat(KindFile, file), nil
	case !errs.Is(fileErr, errs.NotFound):
		return Attr{}, fileErr
	case dirErr != nil:
		return Attr{}, dirErr
	case isDir:
		return v.DirAttr(), nil
	case linkErr == nil:
		return attrFromStat(KindSymlink, link), nil
	}
	return Attr{}, linkErr
}

// statFresh asks the provider for p's file attributes with metadata,
// unless the cache already has them complete.
func (v *VFS) statFresh(ctx context.Context, p Path) (Attr, error) {
	a, err := v.stat(ctx, p, false)
	if err != nil || a.MetaKnown || a.Kind == KindDir {
		return a, err
	}
	return v.withMeta(ctx, p, a)
}

// withMeta completes a, p's attributes from a listing, with a Stat of
// the object.
func (v *VFS) withMeta(ctx context.Context, p Path, a Attr) (Attr, error) {
	acct, err := v.account(p)
	if err != nil {
		return Attr{}, err
	}
	key := p.Key
	if a.Kind == KindSymlink {
		key = p.linkKey()
	}
	attrs, err := acct.Stat(ctx, p.Container, key)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			v.meta.putNeg(p)
			return Attr{}, syscall.ENOENT
		}
		return Attr{}, err
	}
	a = attrFromStat(a.Kind, attrs)
	v.meta.put(p, a)
	return a, nil
}

// statObject returns a file's complete attributes from the cache or a
// Stat of the object, bypassing the registry of open files (its callers
// hold a file's lock).
func (v *VFS) statObject(ctx context.Context, p Path) (Attr, error) {
	if a, neg, ok := v.meta.get(p); ok && !neg && a.MetaKnown && a.Kind == KindFile {
		return a, nil
	}
	acct, err := v.account(p)
	if err != nil {
		return Attr{}, err
	}
	attrs, err := acct.Stat(ctx, p.Container, p.Key)
	if err != nil {
		return Attr{}, errNotFoundToENOENT(err)
	}
	a := attrFromStat(KindFile, attrs)
	v.meta.put(p, a)
	return a, nil
}
