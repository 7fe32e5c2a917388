package memory

import (
	"bytes"
	"context"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Stat implements driver.Driver.
func (d *Driver) Stat(ctx context.Context, name, key string) (*driver.Attributes, error) {
	if err := d.enter(ctx, OpStat, name, key); err != nil {
		return nil, err
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	_, o, err := d.lookup("memory.Stat", name, key)
	if err != nil {
		return nil, err
	}
	return o.attributes(), nil
}

// NewRangeReader implements driver.Driver. The reader sees the version
// that was current when it was opened.
func (d *Driver) NewRangeReader(ctx context.Context, name, key string, offset, length int64, opts *driver.ReaderOptions) (driver.Reader, error) {
	if err := d.enter(ctx, OpRead, name, key); err != nil {
		return nil, err
	}
	d.mu.RLock()
	_, o, err := d.lookup("memory.NewRangeReader", name, key)
	d.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	if opts != nil && opts.IfMatch != "" && opts.IfMatch != o.etag {
		return nil, errs.Errorf(errs.PreconditionFailed, "memory.NewRangeReader", name+"/"+key, "ETag is %q, not %q", o.etag, opts.IfMatch)
	}
	size := int64(len(o.data))
	offset = min(offset, size)
	end := size
	if length >= 0 && offset+length < size {
		end = offset + length
	}
	return &reader{ctx: ctx, r: bytes.NewReader(o.data[offset:end]), attrs: o.attributes()}, nil
}

type reader struct {
	ctx   context.Context
	r     *bytes.Reader
	attrs *driver.Attributes
}

var _ driver.Reader = (*reader)(nil)

func (r *reader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, errs.Wrap(err, "memory.Read", "")
	}
	return r.r.Read(p)
}

func (r *reader) Close() error                   { return nil }
func (r *reader) Attributes() *driver.Attributes { return r.attrs }

// Delete implements driver.Driver.
func (d *Driver) Delete(ctx context.Context, name, key string) error {
	if err := d.enter(ctx, OpDelete, name, key); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c, _, err := d.lookup("memory.Delete", name, key)
	if err != nil {
		return err
	}
	c.remove(key)
	return nil
}

// SetMetadata implements driver.Driver. The ETag and content are kept.
func (d *Driver) SetMetadata(ctx context.Context, name, key string, u *driver.MetadataUpdate) error {
	if err := d.enter(ctx, OpSetMetadata, name, key); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c, o, err := d.lookup("memory.SetMetadata", name, key)
	if err != nil {
		return err
	}
	c.put(key, o.withMetadata(u, key))
	return nil
}

// withMetadata returns a copy of o with u applied.
func (o *object) withMetadata(u *driver.MetadataUpdate, key string) *object {
	n := *o
	n.contentType = defaultContentType(u.ContentType, key)
	n.metadata = cleanMetadata(u.Metadata)
	if !u.ModTime.IsZero() {
		n.modTime = u.ModTime
	}
	return &n
}
