package vfs

import (
	"context"
	"io"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// maxLinkLen bounds a symlink target read back (PATH_MAX).
const maxLinkLen = 4096

// Symlink makes symlink p pointing at target: the object p.rclonelink
// holding the target, as rclone's --links stores it.
func (v *VFS) Symlink(ctx context.Context, p Path, target string) (Attr, error) {
	ctx = mutation(ctx)
	if err := v.writable(); err != nil {
		return Attr{}, err
	}
	acct, err := v.account(p)
	if err != nil {
		return Attr{}, err
	}
	if p.Key == "" || !validName(p.Name()) || len(target) > maxLinkLen {
		return Attr{}, syscall.EINVAL
	}
	if _, err := v.Stat(ctx, p); err == nil {
		return Attr{}, syscall.EEXIST
	} else if err != syscall.ENOENT {
		return Attr{}, err
	}
	a := Attr{Kind: KindSymlink, Size: int64(len(target)), Mtime: time.Now(), Target: target, Meta: map[string]string{}, MetaKnown: true}
	v.del.wait(ctx, acct, p.Container, p.linkKey())
	w, err := acct.NewWriter(v.ctx, p.Container, p.linkKey(), &storage.WriterOptions{
		ContentType: "application/octet-stream", ModTime: a.Mtime, SizeHint: a.Size,
	})
	if err != nil {
		return Attr{}, err
	}
	if _, err := io.WriteString(w, target); err != nil {
		w.Abort()
		return Attr{}, err
	}
	if err := w.Close(); err != nil {
		return Attr{}, err
	}
	v.meta.put(p, a)
	return a, nil
}

// Readlink returns symlink p's target.
func (v *VFS) Readlink(ctx context.Context, p Path) (string, error) {
	ctx = uninterruptible(ctx)
	a, err := v.Stat(ctx, p)
	if err != nil {
		return "", err
	}
	if a.Kind != KindSymlink {
		return "", syscall.EINVAL
	}
	if a.Target != "" {
		return a.Target, nil
	}
	acct, err := v.account(p)
	if err != nil {
		return "", err
	}
	rd, err := acct.NewReader(ctx, p.Container, p.linkKey(), nil)
	if err != nil {
		return "", errNotFoundToENOENT(err)
	}
	defer rd.Close()
	b, err := io.ReadAll(io.LimitReader(rd, maxLinkLen+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxLinkLen {
		return "", syscall.ENAMETOOLONG
	}
	a.Target, a.Size = string(b), int64(len(b))
	v.meta.put(p, a)
	return a.Target, nil
}
