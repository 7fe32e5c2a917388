package s3

import (
	"encoding/hex"
	"mime"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Conversions between the driver's types and S3's wire forms.

// wireObject is what HeadObject and GetObject both say about an object.
type wireObject struct {
	size         int64
	etag         *string
	contentType  *string
	lastModified *time.Time
	metadata     map[string]string
}

// attributes converts S3's view of an object. The SDK gives metadata keys
// in lower case without the x-amz-meta- prefix. mtime is rclone's
// X-Amz-Meta-Mtime; without it ModTime is the time S3 stored the object.
func (w wireObject) attributes() *driver.Attributes {
	a := &driver.Attributes{
		Size:        w.size,
		ETag:        cleanETag(aws.ToString(w.etag)),
		ContentType: aws.ToString(w.contentType),
		Metadata:    make(map[string]string, len(w.metadata)),
	}
	if w.lastModified != nil {
		a.LastModified = *w.lastModified
	}
	a.ModTime = a.LastModified
	for k, v := range w.metadata {
		k = strings.ToLower(k)
		if k == driver.MtimeKey {
			if t, ok := driver.ParseMtime(v); ok {
				a.ModTime = t
			}
			continue
		}
		a.Metadata[k] = decodeMetaValue(v)
	}
	a.MD5 = etagMD5(a.ETag)
	return a
}

// cleanETag strips the quotes S3 puts around ETags.
func cleanETag(s string) string { return strings.Trim(s, `"`) }

// quoteETag puts them back, for If-Match headers.
func quoteETag(s string) string {
	if s == "" || s == "*" || strings.HasPrefix(s, `"`) {
		return s
	}
	return `"` + s + `"`
}

// etagMD5 is the content MD5 when the ETag is one: 32 hex digits, as S3
// gives for objects stored by a single PUT. A multipart ETag ("...-N") is
// not an MD5 of the content.
func etagMD5(etag string) []byte {
	if len(etag) != 32 {
		return nil
	}
	b, err := hex.DecodeString(etag)
	if err != nil {
		return nil
	}
	return b
}

// wireMetadata builds the x-amz-meta-* map for a write: keys in lower
// case, the mtime in rclone's form under driver.MtimeKey, and values that
// are not printable ASCII encoded as RFC 2047 words (as S3 requires of
// header values, and as the AWS console does).
func wireMetadata(md map[string]string, mtime time.Time) (map[string]string, error) {
	out := make(map[string]string, len(md)+1)
	for k, v := range md {
		k = strings.ToLower(k)
		if k == driver.MtimeKey {
			continue
		}
		if !validMetaKey(k) {
			return nil, errs.Errorf(errs.InvalidArgument, "", "", "metadata key %q: S3 allows letters, digits and -_.", k)
		}
		out[k] = encodeMetaValue(v)
	}
	if mtime.IsZero() {
		mtime = time.Now()
	}
	out[driver.MtimeKey] = driver.FormatMtime(mtime)
	return out, nil
}

func validMetaKey(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func encodeMetaValue(v string) string {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c >= 0x7f {
			if utf8.ValidString(v) {
				return mime.BEncoding.Encode("UTF-8", v)
			}
			return v
		}
	}
	return v
}

var wordDecoder = new(mime.WordDecoder)

func decodeMetaValue(v string) string {
	if !strings.HasPrefix(v, "=?") {
		return v
	}
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		return d
	}
	return v
}

// contentTypeFor is ct, or a guess from the key's extension, or
// application/octet-stream (as the other drivers do).
func contentTypeFor(ct, key string) string {
	if ct != "" {
		return ct
	}
	if t := mime.TypeByExtension(path.Ext(key)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// copySource is the x-amz-copy-source value: bucket/key with each key
// segment percent-encoded ('+' too, which S3 would read as a space).
func copySource(bucket, key string) string {
	segs := strings.Split(key, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), "+", "%2B")
	}
	return bucket + "/" + strings.Join(segs, "/")
}

// byteRange is the Range header for length bytes from offset (length < 0:
// to the end), or "" for the whole object.
func byteRange(offset, length int64) string {
	switch {
	case offset == 0 && length < 0:
		return ""
	case length < 0:
		return "bytes=" + strconv.FormatInt(offset, 10) + "-"
	}
	return "bytes=" + strconv.FormatInt(offset, 10) + "-" + strconv.FormatInt(offset+length-1, 10)
}

// totalSize reads the object size from a Content-Range "bytes a-b/size".
func totalSize(contentRange string) (int64, bool) {
	_, size, ok := strings.Cut(contentRange, "/")
	if !ok || size == "*" {
		return 0, false
	}
	n, err := strconv.ParseInt(size, 10, 64)
	return n, err == nil
}
