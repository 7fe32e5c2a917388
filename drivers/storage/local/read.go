package local

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// NewRangeReader implements driver.Driver. The open file keeps the version
// it opened even if the key is overwritten or deleted meanwhile.
func (d *Driver) NewRangeReader(ctx context.Context, name, key string, offset, length int64, opts *driver.ReaderOptions) (driver.Reader, error) {
	const op = "local.NewRangeReader"
	cdir, path, err := d.locate(ctx, op, name, key)
	if err != nil {
		return nil, err
	}
	if isMarkerKey(key) {
		fi, m, err := d.object(op, cdir, key, path)
		if err != nil {
			return nil, err
		}
		return d.checkedReader(ctx, op, key, nil, strings.NewReader(""), attributes(key, fi, m), opts)
	}
	f, err := os.Open(path)
	if err != nil {
		if isNotExist(err) {
			return nil, errs.Errorf(errs.NotFound, op, key, "object %q does not exist", key)
		}
		return nil, mapErr(op, key, err)
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err != nil {
			return nil, mapErr(op, key, err)
		}
		return nil, errs.Errorf(errs.NotFound, op, key, "object %q does not exist", key)
	}
	m, err := d.meta.get(cdir, key, path)
	if err != nil && !isNotExist(err) {
		f.Close()
		return nil, err
	}
	attrs := attributes(key, fi, m)
	offset = min(offset, attrs.Size)
	if length < 0 || offset+length > attrs.Size {
		length = attrs.Size - offset
	}
	return d.checkedReader(ctx, op, key, f, io.NewSectionReader(f, offset, length), attrs, opts)
}

func (d *Driver) checkedReader(ctx context.Context, op, key string, f *os.File, r io.Reader, attrs *driver.Attributes, opts *driver.ReaderOptions) (driver.Reader, error) {
	if opts != nil && opts.IfMatch != "" && opts.IfMatch != attrs.ETag {
		if f != nil {
			f.Close()
		}
		return nil, errs.Errorf(errs.PreconditionFailed, op, key, "ETag is %q, not %q", attrs.ETag, opts.IfMatch)
	}
	return &reader{ctx: ctx, f: f, r: r, attrs: attrs}, nil
}

type reader struct {
	ctx   context.Context
	f     *os.File // nil for a marker
	r     io.Reader
	attrs *driver.Attributes
}

var _ driver.Reader = (*reader)(nil)

func (r *reader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "local.Read", "")
	}
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = mapErr("local.Read", "", err)
	}
	return n, err
}

func (r *reader) Close() error {
	if r.f == nil {
		return nil
	}
	return r.f.Close()
}

func (r *reader) Attributes() *driver.Attributes { return r.attrs }
