package storage

import (
	"context"
	"io"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Reader streams an object. Attributes describes the whole object.
type Reader = driver.Reader

// NewReader streams a whole object.
func (a *Account) NewReader(ctx context.Context, container, key string, opts *ReaderOptions) (Reader, error) {
	return a.NewRangeReader(ctx, container, key, 0, -1, opts)
}

// NewRangeReader streams length bytes from offset (length < 0: to the end).
// An offset at or past the end yields an empty reader.
func (a *Account) NewRangeReader(ctx context.Context, container, key string, offset, length int64, opts *ReaderOptions) (Reader, error) {
	const op = "storage.Read"
	if err := a.preKey(ctx, op, container, key); err != nil {
		return nil, err
	}
	if offset < 0 {
		return nil, errs.Errorf(errs.InvalidArgument, op, container+"/"+key, "negative offset %d", offset)
	}
	if opts == nil {
		opts = &ReaderOptions{}
	}
	if opts.IfMatch != "" && !a.feat.ConditionalRead {
		return nil, errs.Errorf(errs.Unimplemented, op, container+"/"+key, "account %q has no conditional reads", a.name)
	}
	r, err := a.drv.NewRangeReader(ctx, container, key, offset, length, opts)
	if err != nil {
		return nil, errs.Wrap(err, op, container+"/"+key)
	}
	return &reader{Reader: r, op: op, res: container + "/" + key}, nil
}

// reader classifies mid-stream errors.
type reader struct {
	driver.Reader
	op, res string
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.Reader.Read(p)
	if err != nil && err != io.EOF {
		err = errs.Wrap(err, r.op, r.res)
	}
	return n, err
}
