package s3

import (
	"bytes"
	"context"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/transport"
)

// The streaming writer. Bytes are copied once, into a part buffer; a full
// buffer becomes an UploadPart whose body is a bytes.Reader over it, sent
// by a goroutine of an errgroup limited to Concurrency, while the next
// buffer fills. So at most Concurrency+1 buffers exist per writer, and
// they come from and go back to the driver's bufPool.
//
// An object that fits in one part is sent by a single PutObject at Close;
// the multipart upload starts only when a second part is needed. Close
// waits for the parts, then completes the upload; any failure (a part, the
// caller's ctx, the completion) aborts the upload once no part is in
// flight, so no parts are left behind.

// firstBuffer is the initial buffer of an object of unknown size: small
// objects never take a whole part buffer. It grows fourfold up to the part
// size, so the copying this costs is bounded by the first part.
const firstBuffer = 64 << 10

// cleanupTimeout bounds the calls that must run after the caller's ctx is
// gone: starting an upload (so its id is never lost) and aborting one.
const cleanupTimeout = 2 * time.Minute

// NewWriter implements driver.Driver.
func (d *Driver) NewWriter(ctx context.Context, container, key string, opts *driver.WriterOptions) (driver.Writer, error) {
	if err := ctx.Err(); err != nil {
		return nil, classify(err)
	}
	if (opts.IfMatch != "" || opts.IfNoneMatch != "") && !d.cfg.conditionalWrites {
		return nil, errs.Errorf(errs.Unimplemented, "", "", "provider %s: no conditional writes (option conditional_writes)", d.cfg.provider)
	}
	meta, err := wireMetadata(opts.Metadata, opts.ModTime)
	if err != nil {
		return nil, err
	}
	configured := d.cfg.partSize
	if opts.PartSize > 0 {
		configured = opts.PartSize
	}
	conc := d.cfg.concurrency
	if opts.Concurrency > 0 {
		conc = min(opts.Concurrency, maxConcurrency)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(conc)
	return &writer{
		d:           d,
		ctx:         ctx,
		bucket:      container,
		key:         key,
		contentType: contentTypeFor(opts.ContentType, key),
		meta:        meta,
		ifMatch:     quoteETag(opts.IfMatch),
		ifNoneMatch: opts.IfNoneMatch,
		base:        basePartSize(configured, opts.SizeHint),
		hint:        opts.SizeHint,
		g:           g,
		gctx:        gctx,
		shared:      opts.Parts,
	}, nil
}

// writer is one object being written. Write and Close are not safe for
// concurrent use (the portable Writer serialises them); the part
// goroutines share only mu's fields.
type writer struct {
	d                    *Driver
	ctx                  context.Context
	bucket, key          string
	contentType          string
	meta                 map[string]string
	ifMatch, ifNoneMatch string
	base, hint           int64

	buf    []byte // the part being filled
	n      int    // bytes in buf
	pooled bool   // buf belongs to d.bufs

	shared *semaphore.Weighted // parts in flight shared with other writers, or nil

	uploadID string
	parts    int // parts handed to the errgroup
	g        *errgroup.Group
	gctx     context.Context
	closed   bool
	werr     error // a failed Write

	mu   sync.Mutex
	done []types.CompletedPart
	err  error // the first part's failure
}

var (
	_ driver.Writer = (*writer)(nil)
	_ io.ReaderFrom = (*writer)(nil)
)

// Write implements io.Writer. After a failed Write the object can only
// be abandoned: Close returns that error.
func (w *writer) Write(p []byte) (int, error) {
	if w.closed {
		return 0, errs.Errorf(errs.InvalidArgument, "", "", "write after close")
	}
	if w.werr != nil {
		return 0, w.werr
	}
	n, err := w.write(p)
	if err != nil {
		w.werr = err
	}
	return n, err
}

// ReadFrom implements io.ReaderFrom: r is read straight into the part
// buffers, saving io.Copy's copy of every byte. A failure of r is
// returned as it is and leaves the writer usable for Close (the caller
// decides); a failure of the upload is final, as Write's is.
func (w *writer) ReadFrom(r io.Reader) (int64, error) {
	if w.closed {
		return 0, errs.Errorf(errs.InvalidArgument, "", "", "write after close")
	}
	if w.werr != nil {
		return 0, w.werr
	}
	var total int64
	for {
		if err := w.failure(); err != nil {
			w.werr = err
			return total, err
		}
		if w.buf == nil {
			w.newBuffer()
		}
		if w.n == len(w.buf) {
			if w.parts == 0 && int64(w.n) == w.hint {
				// Exactly the size announced: most likely the end.
				// Make sure before growing the buffer for more.
				k, err := w.probe(r)
				total += int64(k)
				if err == io.EOF {
					return total, nil
				}
				if err != nil {
					return total, err
				}
				continue
			}
			if err := w.makeRoom(); err != nil {
				w.werr = err
				return total, err
			}
			continue
		}
		k, err := r.Read(w.buf[w.n:])
		w.n += k
		total += int64(k)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// probe reads a little from r when the first buffer is full at the size
// hint: io.EOF (nothing more) saves growing it; what it does read is
// written on. A reader may return EOF with its last bytes or after them.
func (w *writer) probe(r io.Reader) (int, error) {
	var b [512]byte
	for {
		k, err := r.Read(b[:])
		if k > 0 {
			if _, werr := w.write(b[:k]); werr != nil {
				w.werr = werr
				return k, werr
			}
			if err == io.EOF {
				err = nil // more than announced: go on reading
			}
			return k, err
		}
		if err != nil {
			return 0, err
		}
	}
}

func (w *writer) write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		if err := w.failure(); err != nil {
			return written, err
		}
		if w.buf == nil {
			w.newBuffer()
		}
		if w.n == len(w.buf) {
			if err := w.makeRoom(); err != nil {
				return written, err
			}
		}
		c := copy(w.buf[w.n:], p)
		w.n += c
		written += c
		p = p[c:]
	}
	return written, nil
}

// failure is why writing cannot go on: the caller's ctx, or a failed part.
func (w *writer) failure() error {
	if err := w.ctx.Err(); err != nil {
		return classify(err)
	}
	if w.gctx.Err() != nil {
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.err != nil {
			return w.err
		}
		return classify(w.gctx.Err())
	}
	return nil
}

// target is the size of the part being filled.
func (w *writer) target() int { return int(partSize(w.base, w.parts+1)) }

// newBuffer starts the next part's buffer: a whole pooled part, or for the
// first part of an object that may be small, something smaller.
func (w *writer) newBuffer() {
	size := w.target()
	if w.parts == 0 {
		switch {
		case w.hint > 0 && w.hint < int64(size):
			size = int(w.hint)
		case w.hint <= 0: // unknown (or empty)
			size = min(size, firstBuffer)
		}
	}
	w.setBuffer(size)
}

// setBuffer makes buf a buffer of size bytes holding its current content.
func (w *writer) setBuffer(size int) {
	var nb []byte
	pooled := size == w.target()
	if pooled {
		nb = w.d.bufs.get(size)
	} else {
		nb = make([]byte, size)
	}
	copy(nb, w.buf[:w.n])
	w.releaseBuffer()
	w.buf, w.pooled = nb, pooled
}

// releaseBuffer drops buf, keeping n.
func (w *writer) releaseBuffer() {
	if w.pooled {
		w.d.bufs.put(w.buf)
	}
	w.buf, w.pooled = nil, false
}

// makeRoom is called with buf full: it grows a small first buffer, or
// sends the full part and starts the next.
func (w *writer) makeRoom() error {
	if t := w.target(); w.n < t {
		w.setBuffer(min(max(w.n*4, firstBuffer), t))
		return nil
	}
	if err := w.sendPart(); err != nil {
		return err
	}
	w.newBuffer()
	return nil
}

// sendPart hands buf to the errgroup as the next part, starting the
// multipart upload first if need be. It blocks while Concurrency parts
// are in flight.
func (w *writer) sendPart() error {
	if w.uploadID == "" {
		if err := w.create(); err != nil {
			return err
		}
	}
	if w.parts >= MaxParts {
		return errs.Errorf(errs.ResourceExhausted, "", "", "object exceeds S3's %d parts", MaxParts)
	}
	// The shared slot is taken here, not in the part's goroutine, so that
	// a writer waiting for one fills no further buffer meanwhile.
	if err := w.sharedSlot(); err != nil {
		return err
	}
	w.parts++
	num := int32(w.parts)
	b, pooled := w.buf[:w.n], w.pooled
	w.buf, w.n, w.pooled = nil, 0, false
	w.g.Go(func() error {
		if w.shared != nil {
			defer w.shared.Release(1)
		}
		body := newPartReader(b)
		err := w.uploadPart(num, body)
		// Not back to the pool while an abandoned attempt may still be
		// writing from it (partReader.release).
		if body.release() && pooled {
			w.d.bufs.put(b)
		}
		if err != nil {
			w.mu.Lock()
			if w.err == nil {
				w.err = err
			}
			w.mu.Unlock()
		}
		return err
	})
	return nil
}

// sharedSlot waits for a unit of the parts shared with other writers
// (WriterOptions.Parts), if any.
func (w *writer) sharedSlot() error {
	if w.shared == nil {
		return nil
	}
	if err := w.shared.Acquire(w.gctx, 1); err != nil {
		if ferr := w.failure(); ferr != nil {
			return ferr // a part failed (or the caller gave up) meanwhile: say which
		}
		return classify(err)
	}
	return nil
}

// create starts the multipart upload.
func (w *writer) create() error {
	id, err := w.d.createUpload(w.ctx, w.bucket, w.key, w.contentType, w.meta, true)
	if err != nil {
		return err
	}
	w.uploadID = id
	return w.failure()
}

// uploadPart sends one part, body, with its checksum.
func (w *writer) uploadPart(num int32, body *partReader) error {
	if err := w.gctx.Err(); err != nil {
		return classify(err)
	}
	b := body.b
	in := &s3.UploadPartInput{
		Bucket:        aws.String(w.bucket),
		Key:           aws.String(w.key),
		UploadId:      aws.String(w.uploadID),
		PartNumber:    aws.Int32(num),
		Body:          body,
		ContentLength: aws.Int64(int64(len(b))),
	}
	part := w.d.cfg.checksum.part(in, b)
	out, err := do(w.gctx, w.d, w.bucket, w.d.client.UploadPart, in, unsignedPayload)
	if err != nil {
		return err
	}
	part.ETag, part.PartNumber = out.ETag, aws.Int32(num)
	w.mu.Lock()
	w.done = append(w.done, part)
	w.mu.Unlock()
	return nil
}

// Close commits the object, or fails and leaves nothing behind.
func (w *writer) Close() error {
	if w.closed {
		return errs.Errorf(errs.InvalidArgument, "", "", "close after close")
	}
	w.closed = true
	if w.werr != nil {
		w.releaseBuffer()
		if w.uploadID != "" {
			_ = w.g.Wait()
			w.abort()
		}
		return w.werr
	}
	if w.uploadID == "" {
		defer w.releaseBuffer()
		if err := w.failure(); err != nil {
			return err
		}
		return w.putObject()
	}
	var err error
	if w.n > 0 && w.failure() == nil {
		err = w.sendPart()
	}
	w.releaseBuffer()
	if werr := w.g.Wait(); err == nil {
		err = werr
	}
	if cerr := w.ctx.Err(); cerr != nil {
		err = classify(cerr)
	}
	if err == nil {
		err = w.complete()
	}
	if err != nil {
		w.abort()
		return err
	}
	return nil
}

// putObject stores a one-part object with a single PUT.
func (w *writer) putObject() error {
	b := w.buf[:w.n]
	in := &s3.PutObjectInput{
		Bucket:        aws.String(w.bucket),
		Key:           aws.String(w.key),
		Body:          bytes.NewReader(b),
		ContentLength: aws.Int64(int64(len(b))),
		ContentType:   aws.String(w.contentType),
		Metadata:      w.meta,
	}
	w.d.cfg.checksum.put(in, b)
	if w.ifMatch != "" {
		in.IfMatch = aws.String(w.ifMatch)
	}
	if w.ifNoneMatch != "" {
		in.IfNoneMatch = aws.String(w.ifNoneMatch)
	}
	return w.d.putSmall(w.ctx, in, b)
}

// complete commits the parts. The POST is safe to repeat, so the
// transport may retry it.
func (w *writer) complete() error {
	sort.Slice(w.done, func(i, j int) bool { return *w.done[i].PartNumber < *w.done[j].PartNumber })
	in := &s3.CompleteMultipartUploadInput{
		Bucket:          aws.String(w.bucket),
		Key:             aws.String(w.key),
		UploadId:        aws.String(w.uploadID),
		MultipartUpload: &types.CompletedMultipartUpload{Parts: w.done},
	}
	if w.ifMatch != "" {
		in.IfMatch = aws.String(w.ifMatch)
	}
	if w.ifNoneMatch != "" {
		in.IfNoneMatch = aws.String(w.ifNoneMatch)
	}
	_, err := do(transport.WithRetry(w.ctx, true), w.d, w.bucket, w.d.client.CompleteMultipartUpload, in)
	return err
}

// abort removes the upload and its parts, once every part has returned.
func (w *writer) abort() { w.d.abortUpload(w.ctx, w.bucket, w.key, w.uploadID) }
