package storage

import (
	"context"
	"iter"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListPage returns one page of a listing. Use it to stream pages to a
// consumer (readdir) that keeps its own position; otherwise use List.
func (a *Account) ListPage(ctx context.Context, container string, opts *ListOptions) (*ListPage, error) {
	const op = "storage.List"
	if err := a.pre(ctx, op, container); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &ListOptions{}
	}
	if opts.PageSize < 0 {
		return nil, errs.Errorf(errs.InvalidArgument, op, container, "negative page size %d", opts.PageSize)
	}
	p, err := a.drv.ListObjects(ctx, container, opts)
	if err != nil {
		return nil, errs.Wrap(err, op, container+"/"+opts.Prefix)
	}
	return p, nil
}

// List yields every object (and, with a delimiter, every folded prefix)
// under opts.Prefix in key order. Only one page is held at a time, so a
// listing of a million keys never holds a million keys.
func (a *Account) List(ctx context.Context, container string, opts *ListOptions) iter.Seq2[ObjectInfo, error] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	return func(yield func(ObjectInfo, error) bool) {
		for {
			p, err := a.ListPage(ctx, container, &o)
			if err != nil {
				yield(ObjectInfo{}, err)
				return
			}
			for _, obj := range p.Objects {
				if !yield(obj, nil) {
					return
				}
			}
			if p.NextPageToken == "" || p.NextPageToken == o.PageToken {
				return
			}
			o.PageToken = p.NextPageToken
		}
	}
}
