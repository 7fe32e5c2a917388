package drivertest

import (
	"crypto/md5"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// clockSkew is how far a server's clock may be from ours.
const clockSkew = 10 * time.Minute

// testStat: size, ETag, mtime, content type and user metadata.
func testStat(t *testing.T, e *env) {
	c := e.container()
	data := content(3, 4321)
	mtime := time.Date(2021, 3, 4, 5, 6, 7, 500_000_000, time.UTC)
	e.write(c, "obj", data, &storage.WriterOptions{
		ContentType: "text/plain; charset=utf-8",
		Metadata:    map[string]string{"Foo": "Bar", "x-Mixed-Case": "Value with Space", "lower": "ok"},
		ModTime:     mtime,
		SizeHint:    int64(len(data)),
	})
	a := e.stat(c, "obj")
	assert.Equal(t, int64(len(data)), a.Size)
	assert.NotEmpty(t, a.ETag)
	assert.NotContains(t, a.ETag, `"`, "ETag quotes are stripped")
	assert.Equal(t, "text/plain; charset=utf-8", a.ContentType)
	assert.Equal(t, map[string]string{"foo": "Bar", "x-mixed-case": "Value with Space", "lower": "ok"}, a.Metadata,
		"user metadata with lower-case keys and without the mtime key")
	if e.acct.Features().MetadataMtime {
		assert.WithinDuration(t, mtime, a.ModTime, time.Second, "ModTime round-trips")
	}
	assert.False(t, a.LastModified.IsZero(), "no LastModified")
	assert.WithinDuration(t, time.Now(), a.LastModified, clockSkew, "LastModified is when it was stored")
	if len(a.MD5) > 0 {
		sum := md5.Sum(data)
		assert.Equal(t, sum[:], a.MD5, "MD5 is the content's")
	}

	r, err := e.acct.NewReader(e.ctx, c, "obj", nil)
	require.NoError(t, err)
	ra := r.Attributes()
	require.NoError(t, r.Close())
	assert.Equal(t, a.Size, ra.Size, "reader and Stat disagree")
	assert.Equal(t, a.ETag, ra.ETag, "reader and Stat disagree")
	assert.Equal(t, a.ContentType, ra.ContentType, "reader and Stat disagree")

	// No ModTime: now.
	e.write(c, "now", []byte("x"), nil)
	assert.WithinDuration(t, time.Now(), e.stat(c, "now").ModTime, clockSkew, "a write without ModTime is stamped now")

	// The mtime key given as metadata never shows up as user metadata.
	e.write(c, "meta-mtime", []byte("x"), &storage.WriterOptions{
		ModTime: mtime, Metadata: map[string]string{driver.MtimeKey: driver.FormatMtime(mtime), "k": "v"},
	})
	assert.Equal(t, map[string]string{"k": "v"}, e.stat(c, "meta-mtime").Metadata)

	// New content, new ETag.
	e.write(c, "obj", content(4, 4321), nil)
	assert.NotEqual(t, a.ETag, e.stat(c, "obj").ETag, "the ETag did not change with the content")
}
