package s3

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/transport"
)

// Copy implements driver.Copier, server-side: one CopyObject up to the
// copy cutoff (5 GiB, S3's limit for it), a multipart copy of
// UploadPartCopy ranges above. A HeadObject first gives the size, the
// metadata a multipart copy must set itself, and the ETag that every copy
// request is made conditional on, so a source replaced meanwhile fails the
// copy instead of mixing versions.
func (d *Driver) Copy(ctx context.Context, dstContainer, dstKey, srcContainer, srcKey string, opts *driver.CopyOptions) error {
	src, err := d.head(ctx, srcContainer, srcKey, "")
	if err != nil {
		return err
	}
	return d.copyObject(ctx, dstContainer, dstKey, srcContainer, srcKey, src, opts.ReplaceMetadata)
}

// SetMetadata implements driver.Driver as a copy of the object onto
// itself with the metadata replaced (S3 has no other way).
func (d *Driver) SetMetadata(ctx context.Context, container, key string, u *driver.MetadataUpdate) error {
	src, err := d.head(ctx, container, key, "")
	if err != nil {
		return err
	}
	return d.copyObject(ctx, container, key, container, key, src, u)
}

// copyObject copies the object src describes. A nil u keeps its metadata.
func (d *Driver) copyObject(ctx context.Context, dstContainer, dstKey, srcContainer, srcKey string, src *driver.Attributes, u *driver.MetadataUpdate) error {
	ct, md, mtime := src.ContentType, src.Metadata, src.ModTime
	if u != nil {
		ct, md = contentTypeFor(u.ContentType, dstKey), u.Metadata
		if !u.ModTime.IsZero() {
			mtime = u.ModTime
		}
	}
	meta, err := wireMetadata(md, mtime)
	if err != nil {
		return err
	}
	if src.Size > d.cfg.copyCutoff {
		return d.multipartCopy(ctx, dstContainer, dstKey, srcContainer, srcKey, src, ct, meta)
	}
	in := &s3.CopyObjectInput{
		Bucket:            aws.String(dstContainer),
		Key:               aws.String(dstKey),
		CopySource:        aws.String(copySource(srcContainer, srcKey)),
		CopySourceIfMatch: aws.String(quoteETag(src.ETag)),
	}
	if u != nil {
		in.MetadataDirective = types.MetadataDirectiveReplace
		in.ContentType = aws.String(ct)
		in.Metadata = meta
	}
	_, err = do(ctx, d, dstContainer, d.client.CopyObject, in)
	return err
}

// multipartCopy copies src in UploadPartCopy ranges of the copy cutoff
// (raised to fit S3's part count), Concurrency at a time.
func (d *Driver) multipartCopy(ctx context.Context, dstContainer, dstKey, srcContainer, srcKey string, src *driver.Attributes, ct string, meta map[string]string) error {
	id, err := d.createUpload(ctx, dstContainer, dstKey, ct, meta, false)
	if err != nil {
		return err
	}
	part := basePartSize(d.cfg.copyCutoff, src.Size)
	n := int((src.Size + part - 1) / part)
	parts := make([]types.CompletedPart, n)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(d.cfg.concurrency)
	for i := range n {
		first := int64(i) * part
		last := min(first+part, src.Size) - 1
		g.Go(func() error {
			out, err := do(gctx, d, dstContainer, d.client.UploadPartCopy, &s3.UploadPartCopyInput{
				Bucket:            aws.String(dstContainer),
				Key:               aws.String(dstKey),
				UploadId:          aws.String(id),
				PartNumber:        aws.Int32(int32(i + 1)),
				CopySource:        aws.String(copySource(srcContainer, srcKey)),
				CopySourceRange:   aws.String("bytes=" + strconv.FormatInt(first, 10) + "-" + strconv.FormatInt(last, 10)),
				CopySourceIfMatch: aws.String(quoteETag(src.ETag)),
			})
			if err != nil {
				return err
			}
			var etag *string
			if out.CopyPartResult != nil {
				etag = out.CopyPartResult.ETag
			}
			parts[i] = types.CompletedPart{ETag: etag, PartNumber: aws.Int32(int32(i + 1))}
			return nil
		})
	}
	err = g.Wait()
	if err == nil {
		_, err = do(transport.WithRetry(ctx, true), d, dstContainer, d.client.CompleteMultipartUpload, &s3.CompleteMultipartUploadInput{
			Bucket:          aws.String(dstContainer),
			Key:             aws.String(dstKey),
			UploadId:        aws.String(id),
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		})
	}
	if err != nil {
		d.abortUpload(ctx, dstContainer, dstKey, id)
	}
	return err
}
