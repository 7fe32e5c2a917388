package s3

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Stat implements driver.Driver with HeadObject.
func (d *Driver) Stat(ctx context.Context, container, key string) (*driver.Attributes, error) {
	return d.head(ctx, container, key, "")
}

// head is HeadObject, optionally conditional on the ETag.
func (d *Driver) head(ctx context.Context, container, key, ifMatch string) (*driver.Attributes, error) {
	in := &s3.HeadObjectInput{Bucket: aws.String(container), Key: aws.String(key)}
	if ifMatch != "" {
		in.IfMatch = aws.String(quoteETag(ifMatch))
	}
	out, err := do(ctx, d, container, d.client.HeadObject, in)
	if err != nil {
		return nil, err
	}
	return wireObject{
		size:         aws.ToInt64(out.ContentLength),
		etag:         out.ETag,
		contentType:  out.ContentType,
		lastModified: out.LastModified,
		metadata:     out.Metadata,
	}.attributes(), nil
}

// Delete implements driver.Driver. S3's DeleteObject succeeds for a
// missing key, so a HeadObject first gives the NotFound the interface
// asks for.
func (d *Driver) Delete(ctx context.Context, container, key string) error {
	if _, err := d.head(ctx, container, key, ""); err != nil {
		return err
	}
	_, err := do(ctx, d, container, d.client.DeleteObject, &s3.DeleteObjectInput{Bucket: aws.String(container), Key: aws.String(key)})
	return err
}
