package storage

import (
	"context"
	"io"
	"sync"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Writer streams an object to the provider. Close commits it atomically;
// Abort (or cancelling the ctx given to NewWriter) discards it and leaves
// nothing behind.
type Writer struct {
	w       driver.Writer
	cancel  context.CancelFunc
	op, res string

	mu      sync.Mutex
	done    bool
	err     error // first write error; Close then aborts
	written int64
}

// NewWriter starts an object. opts may be nil.
func (a *Account) NewWriter(ctx context.Context, container, key string, opts *WriterOptions) (*Writer, error) {
	const op = "storage.Write"
	if err := a.preKey(ctx, op, container, key); err != nil {
		return nil, err
	}
	o := WriterOptions{SizeHint: -1}
	if opts != nil {
		o = *opts
	}
	res := container + "/" + key
	if o.PartSize < 0 || o.Concurrency < 0 {
		return nil, errs.Errorf(errs.InvalidArgument, op, res, "negative part size or concurrency")
	}
	if (o.IfMatch != "" || o.IfNoneMatch != "") && !a.feat.ConditionalWrite {
		return nil, errs.Errorf(errs.Unimplemented, op, res, "account %q has no conditional writes", a.name)
	}
	if o.IfNoneMatch != "" && o.IfNoneMatch != "*" {
		return nil, errs.Errorf(errs.InvalidArgument, op, res, "IfNoneMatch must be \"*\"")
	}
	if max := a.feat.MaxObjectSize; max > 0 && o.SizeHint > max {
		return nil, errs.Errorf(errs.ResourceExhausted, op, res, "%d bytes is over the provider's %d byte limit", o.SizeHint, max)
	}
	wctx, cancel := context.WithCancel(ctx)
	w, err := a.drv.NewWriter(wctx, container, key, &o)
	if err != nil {
		cancel()
		return nil, errs.Wrap(err, op, res)
	}
	return &Writer{w: w, cancel: cancel, op: op, res: res}, nil
}

// Write appends p to the object.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.writable(); err != nil {
		return 0, err
	}
	n, err := w.w.Write(p)
	w.written += int64(n)
	if err != nil {
		w.err = errs.Wrap(err, w.op, w.res)
		return n, w.err
	}
	return n, nil
}

// ReadFrom appends everything r holds (io.Copy calls it). A driver whose
// writer is an io.ReaderFrom reads straight into its own buffers, a copy
// of every byte fewer than Write from io.Copy's buffer; other drivers are
// fed through Write. Either way a failure is final, as Write's is: Close
// then aborts. A failure of r comes back as r gave it.
func (w *Writer) ReadFrom(r io.Reader) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.writable(); err != nil {
		return 0, err
	}
	src := &sourceReader{r: r}
	var n int64
	var err error
	if rf, ok := w.w.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(struct{ io.Writer }{w.w}, src)
	}
	w.written += n
	switch {
	case err == nil:
		return n, nil
	case err == src.err:
		w.err = err
		return n, err
	}
	w.err = errs.Wrap(err, w.op, w.res)
	return n, w.err
}

// sourceReader remembers its reader's failure, so that ReadFrom can tell
// it from the driver's.
type sourceReader struct {
	r   io.Reader
	err error
}

func (s *sourceReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// writable says why nothing more can be written, if so. Callers hold mu.
func (w *Writer) writable() error {
	if w.done {
		return errs.Errorf(errs.InvalidArgument, w.op, w.res, "write after close")
	}
	return w.err
}

// Written is the number of bytes accepted so far.
func (w *Writer) Written() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.written
}

// Close commits the object. After a failed Write it aborts instead and
// returns that error.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return errs.Errorf(errs.InvalidArgument, w.op, w.res, "close after close")
	}
	w.done = true
	defer w.cancel()
	if w.err != nil {
		w.cancel()
		_ = w.w.Close()
		return w.err
	}
	return errs.Wrap(w.w.Close(), w.op, w.res)
}

// Abort discards the object: nothing is committed and any uploaded parts
// are removed. Abort after Close is a no-op.
func (w *Writer) Abort() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.done = true
	w.cancel()
	_ = w.w.Close() // must fail and clean up, because ctx is cancelled
}
