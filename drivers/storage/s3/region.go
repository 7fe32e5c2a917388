package s3

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// A bucket lives in one region. Asked in another, AWS answers 301
// PermanentRedirect (or 400 AuthorizationHeaderMalformed when the signature
// named the wrong region) and says where the bucket is, in the
// x-amz-bucket-region header or in the error body's <Region>. The driver
// remembers that region for the bucket and tries the request once more
// there (see do in driver.go).

const headerBucketRegion = "X-Amz-Bucket-Region"

// redirectRegion returns the region a wrong-region error names.
func redirectRegion(err error) (string, bool) {
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil {
		return "", false
	}
	switch code := errCode(err); {
	case re.HTTPStatusCode() == http.StatusMovedPermanently,
		code == "PermanentRedirect", code == "AuthorizationHeaderMalformed":
	default:
		return "", false
	}
	region := re.Response.Header.Get(headerBucketRegion)
	return region, region != ""
}

// movedTo reports whether err says bucket lives in a region other than
// the one its request went to, and if so remembers that region for it:
// the caller then tries once more (do, putSmall).
func (d *Driver) movedTo(bucket string, err error) bool {
	region, ok := redirectRegion(err)
	if !ok || bucket == "" || region == d.regionOf(bucket) {
		return false
	}
	d.regions.Store(bucket, region)
	return true
}

// regionOf is the region requests for bucket go to.
func (d *Driver) regionOf(bucket string) string {
	if r, ok := d.regions.Load(bucket); ok {
		return r.(string)
	}
	return d.cfg.region
}

// regionOpts are the per-call SDK options for bucket: its region, when it
// differs from the account's.
func (d *Driver) regionOpts(bucket string) []func(*s3.Options) {
	r := d.regionOf(bucket)
	if r == d.cfg.region {
		return nil
	}
	return []func(*s3.Options){func(o *s3.Options) { o.Region = r }}
}

// maxErrorPeek bounds how much of an error body regionHint reads.
const maxErrorPeek = 64 << 10

// regionHint copies the <Region> of a wrong-region error body into the
// x-amz-bucket-region header when the server sent only the body, so that
// redirectRegion has one place to look. The body is left readable.
func regionHint(resp *http.Response) {
	if resp.Header.Get(headerBucketRegion) != "" || resp.Body == nil ||
		(resp.StatusCode != http.StatusMovedPermanently && resp.StatusCode != http.StatusBadRequest) {
		return
	}
	peek, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorPeek))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(peek), resp.Body), resp.Body}
	if err != nil {
		return
	}
	var e struct {
		Code   string
		Region string
	}
	if xml.Unmarshal(peek, &e) == nil && e.Region != "" &&
		(e.Code == "PermanentRedirect" || e.Code == "AuthorizationHeaderMalformed") {
		resp.Header.Set(headerBucketRegion, e.Region)
	}
}
