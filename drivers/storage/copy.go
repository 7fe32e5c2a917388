package storage

import (
	"context"
	"io"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Copy copies an object within the account: server-side where the
// provider can, otherwise by streaming through this process.
func (a *Account) Copy(ctx context.Context, dstContainer, dstKey, srcContainer, srcKey string, opts *CopyOptions) error {
	const op = "storage.Copy"
	if err := a.preKey(ctx, op, srcContainer, srcKey); err != nil {
		return err
	}
	if err := validKey(op, dstContainer, dstKey); err != nil {
		return err
	}
	if opts == nil {
		opts = &CopyOptions{}
	}
	res := srcContainer + "/" + srcKey + " -> " + dstContainer + "/" + dstKey
	if a.copier != nil {
		return errs.Wrap(a.copier.Copy(ctx, dstContainer, dstKey, srcContainer, srcKey, opts), op, res)
	}
	return errs.Wrap(a.streamCopy(ctx, a, dstContainer, dstKey, srcContainer, srcKey, opts), op, res)
}

// CopyTo copies an object to another account by streaming it.
func (a *Account) CopyTo(ctx context.Context, dst *Account, dstContainer, dstKey, srcContainer, srcKey string, opts *CopyOptions) error {
	if dst == a {
		return a.Copy(ctx, dstContainer, dstKey, srcContainer, srcKey, opts)
	}
	const op = "storage.CopyTo"
	if err := a.preKey(ctx, op, srcContainer, srcKey); err != nil {
		return err
	}
	if err := dst.preKey(ctx, op, dstContainer, dstKey); err != nil {
		return err
	}
	if opts == nil {
		opts = &CopyOptions{}
	}
	res := a.name + ":" + srcContainer + "/" + srcKey + " -> " + dst.name + ":" + dstContainer + "/" + dstKey
	return errs.Wrap(a.streamCopy(ctx, dst, dstContainer, dstKey, srcContainer, srcKey, opts), op, res)
}

func (a *Account) streamCopy(ctx context.Context, dst *Account, dstContainer, dstKey, srcContainer, srcKey string, opts *CopyOptions) error {
	r, err := a.NewReader(ctx, srcContainer, srcKey, nil)
	if err != nil {
		return err
	}
	defer r.Close()
	attrs := r.Attributes()
	wo := &WriterOptions{SizeHint: attrs.Size, ContentType: attrs.ContentType, Metadata: attrs.Metadata, ModTime: attrs.ModTime}
	if m := opts.ReplaceMetadata; m != nil {
		wo.ContentType, wo.Metadata = m.ContentType, m.Metadata
		if !m.ModTime.IsZero() {
			wo.ModTime = m.ModTime
		}
	}
	w, err := dst.NewWriter(ctx, dstContainer, dstKey, wo)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// Rename moves an object within a container: natively (atomically) where
// the provider can, otherwise as copy then delete. A failed copy leaves
// the source untouched.
func (a *Account) Rename(ctx context.Context, container, srcKey, dstKey string) error {
	const op = "storage.Rename"
	if err := a.preKey(ctx, op, container, srcKey); err != nil {
		return err
	}
	if err := validKey(op, container, dstKey); err != nil {
		return err
	}
	res := container + "/" + srcKey + " -> " + dstKey
	if srcKey == dstKey {
		_, err := a.drv.Stat(ctx, container, srcKey)
		return errs.Wrap(err, op, res)
	}
	if a.renamer != nil {
		return errs.Wrap(a.renamer.Rename(ctx, container, srcKey, dstKey), op, res)
	}
	if err := a.Copy(ctx, container, dstKey, container, srcKey, nil); err != nil {
		return errs.Wrap(err, op, res)
	}
	return errs.Wrap(a.drv.Delete(ctx, container, srcKey), op, res)
}
