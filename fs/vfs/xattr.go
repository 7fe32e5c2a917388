package vfs

import (
	"context"
	"maps"
	"slices"
	"strings"
	"syscall"
)

// Extended attributes: "user.NAME" is the object's user metadata NAME
// (lower-cased, as providers store metadata keys). Two read-only
// attributes expose what the provider says about the object.
const (
	xattrUser        = "user."
	XattrETag        = "user.cloudfs.etag"
	XattrContentType = "user.cloudfs.content_type"
)

// ENODATA is the errno for a missing extended attribute.
const ENODATA = syscall.ENODATA

// metaKey maps an xattr name to a metadata key; ok is false for names
// outside the user namespace or reserved ones.
func metaKey(name string) (string, bool) {
	if !strings.HasPrefix(name, xattrUser) || strings.HasPrefix(name, "user.cloudfs.") {
		return "", false
	}
	k := strings.ToLower(strings.TrimPrefix(name, xattrUser))
	if k == "" || k == ModeKey || k == "mtime" {
		return "", false
	}
	return k, true
}

// Getxattr returns the value of attribute name of p.
func (v *VFS) Getxattr(ctx context.Context, p Path, name string) ([]byte, error) {
	if !strings.HasPrefix(name, xattrUser) {
		// security.*, system.posix_acl_*, trusted.*: not supported at
		// all, which is ENOTSUP, not ENODATA ("not set"). ls -l asks
		// every file for its SELinux label and its ACL, and remembers
		// ENOTSUP for the whole filesystem: two requests per listing
		// instead of two per file.
		return nil, syscall.ENOTSUP
	}
	a, err := v.xattrSource(ctx, p, name == XattrETag)
	if err != nil {
		return nil, err
	}
	switch name {
	case XattrETag:
		if a.ETag == "" {
			return nil, ENODATA
		}
		return []byte(a.ETag), nil
	case XattrContentType:
		if a.ContentType == "" {
			return nil, ENODATA
		}
		return []byte(a.ContentType), nil
	}
	k, ok := metaKey(name)
	if !ok {
		return nil, ENODATA
	}
	val, ok := a.Meta[k]
	if !ok {
		return nil, ENODATA
	}
	return []byte(val), nil
}

// Listxattr lists p's attribute names.
func (v *VFS) Listxattr(ctx context.Context, p Path) ([]string, error) {
	a, err := v.xattrSource(ctx, p, false)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, k := range slices.Sorted(maps.Keys(a.Meta)) {
		names = append(names, xattrUser+k)
	}
	if a.ETag != "" {
		names = append(names, XattrETag)
	}
	if a.ContentType != "" {
		names = append(names, XattrContentType)
	}
	return names, nil
}

// xattrSource returns p's attributes with complete metadata. wantETag
// asks the provider when the ETag of the mount's own upload is unknown.
func (v *VFS) xattrSource(ctx context.Context, p Path, wantETag bool) (Attr, error) {
	ctx = uninterruptible(ctx)
	if p.Key == "" {
		return Attr{Kind: KindDir}, nil
	}
	if f := v.openFile(p); f != nil {
		f.mu.Lock()
		pending := f.dirty || f.state == stStream || !f.exists
		a := f.attr.clone()
		f.mu.Unlock()
		if pending {
			return a, nil
		}
	}
	a, err := v.statFresh(ctx, p)
	if err != nil || a.Kind == KindDir || !wantETag || a.ETag != "" {
		return a, err
	}
	// The mount's own uploads leave the ETag unknown: ask the provider
	// (not the cache, nor a file still registered after its close).
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
		return Attr{}, errNotFoundToENOENT(err)
	}
	fresh := attrFromStat(a.Kind, attrs)
	v.meta.put(p, fresh)
	return fresh, nil
}

// Setxattr sets attribute name (flags: XATTR_CREATE 1, XATTR_REPLACE 2).
func (v *VFS) Setxattr(ctx context.Context, p Path, h *Handle, name string, value []byte, flags uint32) error {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return err
	}
	k, ok := metaKey(name)
	if !ok {
		if strings.HasPrefix(name, xattrUser) {
			return syscall.EPERM
		}
		return syscall.ENOTSUP
	}
	_, err := v.updateMeta(ctx, p, h, func(a *Attr) error {
		if a.Kind == KindDir {
			return syscall.ENOTSUP
		}
		_, has := a.Meta[k]
		switch {
		case flags&1 != 0 && has:
			return syscall.EEXIST
		case flags&2 != 0 && !has:
			return ENODATA
		}
		if a.Meta == nil {
			a.Meta = map[string]string{}
		}
		a.Meta[k] = string(value)
		return nil
	})
	return err
}

// Removexattr removes attribute name.
func (v *VFS) Removexattr(ctx context.Context, p Path, h *Handle, name string) error {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return err
	}
	k, ok := metaKey(name)
	if !ok {
		return ENODATA
	}
	_, err := v.updateMeta(ctx, p, h, func(a *Attr) error {
		if _, has := a.Meta[k]; !has || a.Kind == KindDir {
			return ENODATA
		}
		delete(a.Meta, k)
		return nil
	})
	return err
}
