package memory

import (
	"bytes"
	"context"
	"sync"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// NewWriter implements driver.Driver. Bytes are buffered and the object
// is stored on Close, unless ctx was cancelled or a condition fails.
func (d *Driver) NewWriter(ctx context.Context, name, key string, opts *driver.WriterOptions) (driver.Writer, error) {
	if err := d.enter(ctx, OpNewWriter, name, key); err != nil {
		return nil, err
	}
	d.mu.RLock()
	_, err := d.bucket("memory.NewWriter", name)
	d.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	o := *opts
	o.Metadata = cleanMetadata(opts.Metadata) // a private copy
	w := &writer{d: d, ctx: ctx, container: name, key: key, opts: o}
	if opts.SizeHint > 0 && opts.SizeHint < 64<<20 {
		w.buf.Grow(int(opts.SizeHint))
	}
	return w, nil
}

type writer struct {
	d              *Driver
	ctx            context.Context
	container, key string
	opts           driver.WriterOptions

	mu     sync.Mutex
	buf    bytes.Buffer
	closed bool
}

var _ driver.Writer = (*writer)(nil)

func (w *writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, errs.Errorf(errs.InvalidArgument, "memory.Write", w.container+"/"+w.key, "write after close")
	}
	if err := w.d.enter(w.ctx, OpWrite, w.container, w.key); err != nil {
		return 0, err
	}
	return w.buf.Write(p)
}

// Close stores the object, or drops it if ctx is done.
func (w *writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errs.Errorf(errs.InvalidArgument, "memory.Close", w.container+"/"+w.key, "close after close")
	}
	w.closed = true
	data := w.buf.Bytes()
	w.buf = bytes.Buffer{}
	if err := w.d.enter(w.ctx, OpCommit, w.container, w.key); err != nil {
		return err
	}
	obj := newObject(data, w.opts.ContentType, w.opts.Metadata, w.opts.ModTime, w.key)
	return w.d.commit(w.ctx, w.container, w.key, obj, &w.opts)
}

// commit stores obj at key if the write conditions hold.
func (d *Driver) commit(ctx context.Context, name, key string, obj *object, opts *driver.WriterOptions) error {
	const op = "memory.Commit"
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := ctx.Err(); err != nil { // checked under the lock: no commit after a cancel
		return errs.Wrap(err, op, name+"/"+key)
	}
	c, err := d.bucket(op, name)
	if err != nil {
		return err
	}
	cur, exists := c.objects[key]
	switch {
	case opts.IfNoneMatch == "*" && exists:
		return errs.Errorf(errs.PreconditionFailed, op, name+"/"+key, "object exists")
	case opts.IfMatch != "" && !exists:
		return errs.Errorf(errs.PreconditionFailed, op, name+"/"+key, "object does not exist")
	case opts.IfMatch != "" && cur.etag != opts.IfMatch:
		return errs.Errorf(errs.PreconditionFailed, op, name+"/"+key, "ETag is %q, not %q", cur.etag, opts.IfMatch)
	}
	c.put(key, obj)
	return nil
}
