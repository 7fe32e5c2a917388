package s3

import (
	"context"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// NewRangeReader implements driver.Driver with one ranged GetObject whose
// body is handed to the caller as is. An offset at or past the end (S3's
// 416 InvalidRange) gives an empty reader, as does length 0.
func (d *Driver) NewRangeReader(ctx context.Context, container, key string, offset, length int64, opts *driver.ReaderOptions) (driver.Reader, error) {
	if length == 0 {
		a, err := d.head(ctx, container, key, opts.IfMatch)
		if err != nil {
			return nil, err
		}
		return emptyReader(ctx, a), nil
	}
	in := &s3.GetObjectInput{Bucket: aws.String(container), Key: aws.String(key)}
	if r := byteRange(offset, length); r != "" {
		in.Range = aws.String(r)
	}
	if opts.IfMatch != "" {
		in.IfMatch = aws.String(quoteETag(opts.IfMatch))
	}
	out, err := do(ctx, d, container, d.client.GetObject, in)
	if err != nil {
		if httpStatus(err) == http.StatusRequestedRangeNotSatisfiable || errCode(err) == "InvalidRange" {
			a, herr := d.head(ctx, container, key, opts.IfMatch)
			if herr != nil {
				return nil, herr
			}
			if offset < a.Size { // the object grew in between
				return nil, err
			}
			return emptyReader(ctx, a), nil
		}
		return nil, err
	}
	size := aws.ToInt64(out.ContentLength)
	if total, ok := totalSize(aws.ToString(out.ContentRange)); ok {
		size = total
	}
	attrs := wireObject{
		size:         size,
		etag:         out.ETag,
		contentType:  out.ContentType,
		lastModified: out.LastModified,
		metadata:     out.Metadata,
	}.attributes()
	return &reader{ctx: ctx, body: out.Body, attrs: attrs}, nil
}

// emptyReader reads no bytes of the object a describes.
func emptyReader(ctx context.Context, a *driver.Attributes) driver.Reader {
	return &reader{ctx: ctx, body: http.NoBody, attrs: a}
}

// reader streams a GetObject body.
type reader struct {
	ctx   context.Context
	body  io.ReadCloser
	attrs *driver.Attributes
}

var _ driver.Reader = (*reader)(nil)

// Read classifies mid-stream failures: the caller's cancellation as such,
// anything else the connection did as Transient.
func (r *reader) Read(p []byte) (int, error) {
	n, err := r.body.Read(p)
	if err != nil && err != io.EOF {
		if r.ctx.Err() != nil {
			err = classify(r.ctx.Err())
		} else {
			err = errs.E(errs.Transient, "", "", err)
		}
	}
	return n, err
}

func (r *reader) Close() error                   { return r.body.Close() }
func (r *reader) Attributes() *driver.Attributes { return r.attrs }
