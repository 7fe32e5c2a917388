package vfs

import (
	"context"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// Lookup finds name in directory parent.
func (v *VFS) Lookup(ctx context.Context, parent Path, name string) (Attr, error) {
	if !validName(name) {
		return Attr{}, syscall.ENOENT
	}
	return v.Stat(ctx, parent.Child(name))
}

// Stat returns p's attributes: from an open file, the cache, or the
// provider (a Stat, then a one-entry listing for a directory, then a Stat
// of the symlink object).
func (v *VFS) Stat(ctx context.Context, p Path) (Attr, error) {
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
	if a, neg, ok := v.meta.get(p); ok {
		if neg {
			return Attr{}, syscall.ENOENT
		}
		return a, nil
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

func (v *VFS) statRemote(ctx context.Context, acct *storage.Account, p Path) (Attr, error) {
	if p.IsContainer() {
		if _, err := acct.GetContainer(ctx, p.Container); err != nil {
			return Attr{}, err
		}
		return v.DirAttr(), nil
	}
	attrs, err := acct.Stat(ctx, p.Container, p.Key)
	if err == nil {
		return attrFromStat(KindFile, attrs), nil
	}
	if !errs.Is(err, errs.NotFound) {
		return Attr{}, err
	}
	page, err := acct.ListPage(ctx, p.Container, &storage.ListOptions{Prefix: p.prefix(), Delimiter: "/", PageSize: 1})
	if err != nil {
		return Attr{}, err
	}
	if len(page.Objects) > 0 {
		return v.DirAttr(), nil
	}
	attrs, err = acct.Stat(ctx, p.Container, p.linkKey())
	if err != nil {
		return Attr{}, err
	}
	return attrFromStat(KindSymlink, attrs), nil
}

// statFresh asks the provider for p's file attributes with metadata,
// unless the cache already has them complete.
func (v *VFS) statFresh(ctx context.Context, p Path) (Attr, error) {
	a, err := v.Stat(ctx, p)
	if err != nil || a.MetaKnown || a.Kind == KindDir {
		return a, err
	}
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
