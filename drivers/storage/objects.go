package storage

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Stat returns an object's attributes, errs.NotFound if missing.
func (a *Account) Stat(ctx context.Context, container, key string) (*Attributes, error) {
	const op = "storage.Stat"
	if err := a.preKey(ctx, op, container, key); err != nil {
		return nil, err
	}
	attrs, err := a.drv.Stat(ctx, container, key)
	return attrs, errs.Wrap(err, op, container+"/"+key)
}

// Delete removes an object, errs.NotFound if missing.
func (a *Account) Delete(ctx context.Context, container, key string) error {
	const op = "storage.Delete"
	if err := a.preKey(ctx, op, container, key); err != nil {
		return err
	}
	return errs.Wrap(a.drv.Delete(ctx, container, key), op, container+"/"+key)
}

// SetMetadata replaces an object's metadata without touching its content.
func (a *Account) SetMetadata(ctx context.Context, container, key string, u *MetadataUpdate) error {
	const op = "storage.SetMetadata"
	if err := a.preKey(ctx, op, container, key); err != nil {
		return err
	}
	if u == nil {
		return errs.Errorf(errs.InvalidArgument, op, container+"/"+key, "nil metadata update")
	}
	return errs.Wrap(a.drv.SetMetadata(ctx, container, key, u), op, container+"/"+key)
}

// SignedURL makes a pre-signed URL, errs.Unimplemented where the provider
// has none.
func (a *Account) SignedURL(ctx context.Context, container, key string, opts *SignedURLOptions) (string, error) {
	const op = "storage.SignedURL"
	if err := a.preKey(ctx, op, container, key); err != nil {
		return "", err
	}
	if a.signer == nil {
		return "", errs.Errorf(errs.Unimplemented, op, container+"/"+key, "account %q cannot sign URLs", a.name)
	}
	o := SignedURLOptions{Method: "GET", Expiry: 3600e9}
	if opts != nil {
		if opts.Method != "" {
			o.Method = opts.Method
		}
		if opts.Expiry > 0 {
			o.Expiry = opts.Expiry
		}
	}
	if o.Method != "GET" && o.Method != "PUT" {
		return "", errs.Errorf(errs.InvalidArgument, op, container+"/"+key, "method %q: want GET or PUT", o.Method)
	}
	u, err := a.signer.SignedURL(ctx, container, key, &o)
	return u, errs.Wrap(err, op, container+"/"+key)
}

// ListUploads lists in-progress multipart uploads under prefix, for
// clean-up and tests; errs.Unimplemented where the driver has none.
func (a *Account) ListUploads(ctx context.Context, container, prefix string) ([]UploadInfo, error) {
	const op = "storage.ListUploads"
	if err := a.pre(ctx, op, container); err != nil {
		return nil, err
	}
	if a.uploads == nil {
		return nil, nil // no multipart, so nothing can be in progress
	}
	u, err := a.uploads.ListUploads(ctx, container, prefix)
	return u, errs.Wrap(err, op, container)
}

// AbortUpload aborts an in-progress multipart upload.
func (a *Account) AbortUpload(ctx context.Context, container string, u UploadInfo) error {
	const op = "storage.AbortUpload"
	if err := a.pre(ctx, op, container); err != nil {
		return err
	}
	if a.uploads == nil {
		return errs.Errorf(errs.Unimplemented, op, container, "account %q has no multipart uploads", a.name)
	}
	return errs.Wrap(a.uploads.AbortUpload(ctx, container, u), op, container+"/"+u.Key)
}

func (a *Account) preKey(ctx context.Context, op, container, key string) error {
	if err := validKey(op, container, key); err != nil {
		return err
	}
	return a.check(ctx, op, container+"/"+key)
}
