package s3

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/transport"
)

// createUpload starts a multipart upload. It runs detached from the
// caller's ctx (bounded by cleanupTimeout) so that the upload id always
// comes back and the upload can be aborted; a cancelled ctx is reported
// after that, and the caller aborts. The POST is retried by the transport:
// a repeat can at worst leave an upload with no parts, which costs nothing
// and which ListUploads shows. checked declares the checksum that the
// writer puts on every part (checksum.go); a server-side copy has none.
func (d *Driver) createUpload(ctx context.Context, bucket, key, contentType string, meta map[string]string, checked bool) (string, error) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	in := &s3.CreateMultipartUploadInput{
		Bucket:      aws.String(bucket),
		Key:         aws.String(key),
		ContentType: aws.String(contentType),
		Metadata:    meta,
	}
	if checked { // parts sent by this client, not copied by the server
		d.cfg.checksum.create(in)
	}
	out, err := do(transport.WithRetry(cctx, true), d, bucket, d.client.CreateMultipartUpload, in)
	if err != nil {
		return "", err
	}
	id := aws.ToString(out.UploadId)
	if err := ctx.Err(); err != nil {
		d.abortUpload(ctx, bucket, key, id)
		return "", classify(err)
	}
	return id, nil
}

// abortUpload removes an upload and its parts, detached from the caller's
// ctx, which is often the reason for the abort. Callers make sure no part
// is still in flight: S3 may keep a part that finishes after the abort.
func (d *Driver) abortUpload(ctx context.Context, bucket, key, id string) {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	_ = d.AbortUpload(actx, bucket, driver.UploadInfo{Key: key, UploadID: id})
}

// ListUploads implements driver.MultipartAborter with
// ListMultipartUploads, following its markers to the end.
func (d *Driver) ListUploads(ctx context.Context, container, prefix string) ([]driver.UploadInfo, error) {
	in := &s3.ListMultipartUploadsInput{Bucket: aws.String(container)}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	var ups []driver.UploadInfo
	for {
		out, err := do(ctx, d, container, d.client.ListMultipartUploads, in)
		if err != nil {
			return nil, err
		}
		for _, u := range out.Uploads {
			ups = append(ups, driver.UploadInfo{Key: aws.ToString(u.Key), UploadID: aws.ToString(u.UploadId)})
		}
		if !aws.ToBool(out.IsTruncated) || (aws.ToString(out.NextKeyMarker) == aws.ToString(in.KeyMarker) &&
			aws.ToString(out.NextUploadIdMarker) == aws.ToString(in.UploadIdMarker)) {
			return ups, nil
		}
		in.KeyMarker, in.UploadIdMarker = out.NextKeyMarker, out.NextUploadIdMarker
	}
}

// AbortUpload implements driver.MultipartAborter.
func (d *Driver) AbortUpload(ctx context.Context, container string, u driver.UploadInfo) error {
	_, err := do(ctx, d, container, d.client.AbortMultipartUpload, &s3.AbortMultipartUploadInput{
		Bucket:   aws.String(container),
		Key:      aws.String(u.Key),
		UploadId: aws.String(u.UploadID),
	})
	return err
}
