package s3

import (
	"context"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// SignedURL implements driver.URLSigner: a SigV4 presigned GET or PUT URL
// in the bucket's region, valid for opts.Expiry (S3 allows up to 7 days).
// An anonymous account cannot sign.
func (d *Driver) SignedURL(ctx context.Context, container, key string, opts *driver.SignedURLOptions) (string, error) {
	if d.creds == credsAnonymous {
		return "", errs.Errorf(errs.Unimplemented, "", "", "an anonymous S3 account cannot sign URLs")
	}
	po := func(o *s3.PresignOptions) {
		o.Expires = opts.Expiry
		o.ClientOptions = append(o.ClientOptions, d.regionOpts(container)...)
	}
	var req *v4.PresignedHTTPRequest
	var err error
	switch opts.Method {
	case http.MethodGet:
		req, err = d.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(container), Key: aws.String(key)}, po)
	case http.MethodPut:
		req, err = d.presign.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(container), Key: aws.String(key)}, po)
	default:
		return "", errs.Errorf(errs.InvalidArgument, "", "", "method %q: want GET or PUT", opts.Method)
	}
	if err != nil {
		return "", classify(err)
	}
	return req.URL, nil
}
