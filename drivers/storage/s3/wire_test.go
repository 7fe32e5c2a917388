package s3

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

func TestCopySource(t *testing.T) {
	for key, want := range map[string]string{
		"plain.txt":          "bkt/plain.txt",
		"dir/sub/file":       "bkt/dir/sub/file",
		"with space+plus.md": "bkt/with%20space%2Bplus.md",
		"q?&=#%.txt":         "bkt/q%3F&=%23%25.txt",
		"ünï/çødé":           "bkt/%C3%BCn%C3%AF/%C3%A7%C3%B8d%C3%A9",
		"trailing/":          "bkt/trailing/",
	} {
		assert.Equal(t, want, copySource("bkt", key), key)
	}
}

func TestByteRange(t *testing.T) {
	assert.Equal(t, "", byteRange(0, -1))
	assert.Equal(t, "bytes=5-", byteRange(5, -1))
	assert.Equal(t, "bytes=0-9", byteRange(0, 10))
	assert.Equal(t, "bytes=100-100", byteRange(100, 1))
	n, ok := totalSize("bytes 0-9/1234")
	assert.True(t, ok)
	assert.Equal(t, int64(1234), n)
	_, ok = totalSize("bytes */*")
	assert.False(t, ok)
	_, ok = totalSize("")
	assert.False(t, ok)
}

func TestWireMetadata(t *testing.T) {
	mtime := time.Unix(1607616000, 500000000)
	md, err := wireMetadata(map[string]string{"Color": "blue", "mtime": "ignored", "note": "naïve café"}, mtime)
	require.NoError(t, err)
	assert.Equal(t, "blue", md["color"])
	assert.Equal(t, "1607616000.5", md["mtime"])
	assert.Equal(t, "=?UTF-8?b?bmHDr3ZlIGNhZsOp?=", md["note"], "non-ASCII as an RFC 2047 word")

	a := wireObject{size: 3, etag: aws.String(`"900150983cd24fb0d6963f7d28e17f72"`), metadata: md,
		lastModified: aws.Time(time.Unix(1700000000, 0))}.attributes()
	assert.Equal(t, map[string]string{"color": "blue", "note": "naïve café"}, a.Metadata)
	assert.Equal(t, mtime, a.ModTime)
	assert.Equal(t, "900150983cd24fb0d6963f7d28e17f72", a.ETag)
	assert.Len(t, a.MD5, 16)

	a = wireObject{etag: aws.String(`"d41d8cd98f00b204e9800998ecf8427e-3"`), lastModified: aws.Time(time.Unix(1700000000, 0))}.attributes()
	assert.Nil(t, a.MD5, "multipart ETag")
	assert.Equal(t, time.Unix(1700000000, 0), a.ModTime, "no mtime: LastModified")

	_, err = wireMetadata(map[string]string{"bad key": "x"}, mtime)
	assert.True(t, errs.Is(err, errs.InvalidArgument), "%v", err)
}

// FuzzMetaValue: whatever a metadata value holds comes back unchanged,
// and what goes on the wire is printable ASCII (or tab).
func FuzzMetaValue(f *testing.F) {
	for _, s := range []string{"", "plain", "naïve café", "=?UTF-8?b?x?=", "tab\there", "日本語"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if !utf8.ValidString(v) {
			return
		}
		enc := encodeMetaValue(v)
		ascii := true
		for i := 0; i < len(enc); i++ {
			if (enc[i] < 0x20 && enc[i] != '\t') || enc[i] >= 0x7f { // tab is legal in a header value
				ascii = false
			}
		}
		assert.True(t, ascii, "%q encoded as %q", v, enc)
		if enc != v || len(v) < 2 || v[:2] != "=?" {
			assert.Equal(t, v, decodeMetaValue(enc), "round trip of %q via %q", v, enc)
		}
	})
}
