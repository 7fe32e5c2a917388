package drivertest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

var srcMtime = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

// writeSource writes an object with content type, metadata and mtime.
func (e *env) writeSource(c, key string, data []byte) {
	e.t.Helper()
	e.write(c, key, data, &storage.WriterOptions{
		ContentType: "application/x-source",
		Metadata:    map[string]string{"origin": "source", "n": "1"},
		ModTime:     srcMtime,
	})
}

// sameMetadata checks that b carries a's content type, metadata and mtime.
func (e *env) sameMetadata(a, b *storage.Attributes, what string) {
	e.t.Helper()
	assert.Equal(e.t, a.ContentType, b.ContentType, what+": content type")
	assert.Equal(e.t, a.Metadata, b.Metadata, what+": metadata")
	if e.acct.Features().MetadataMtime {
		assert.WithinDuration(e.t, a.ModTime, b.ModTime, time.Second, what+": mtime")
	}
}

// testCopy: within a container, across containers, over an existing
// object, with the metadata kept.
func testCopy(t *testing.T, e *env) {
	c, c2 := e.container(), e.container()
	data := content(21, 3000)
	e.writeSource(c, "src", data)
	src := e.stat(c, "src")

	require.NoError(t, e.acct.Copy(e.ctx, c, "dst/copy", c, "src", nil))
	sameBytes(t, data, e.read(c, "dst/copy"))
	dst := e.stat(c, "dst/copy")
	assert.Equal(t, src.Size, dst.Size)
	e.sameMetadata(src, dst, "copy")
	sameBytes(t, data, e.read(c, "src"), "the source changed")

	require.NoError(t, e.acct.Copy(e.ctx, c2, "other", c, "src", nil))
	sameBytes(t, data, e.read(c2, "other"), "copy to another container")
	e.sameMetadata(src, e.stat(c2, "other"), "copy to another container")

	e.write(c, "existing", []byte("to be replaced"), &storage.WriterOptions{Metadata: map[string]string{"stale": "yes"}})
	require.NoError(t, e.acct.Copy(e.ctx, c, "existing", c, "src", nil))
	sameBytes(t, data, e.read(c, "existing"), "copy over an existing object")
	e.sameMetadata(src, e.stat(c, "existing"), "copy over an existing object")

	// Copy of an empty object.
	e.write(c, "empty", nil, nil)
	require.NoError(t, e.acct.Copy(e.ctx, c, "empty-copy", c, "empty", nil))
	assert.Zero(t, e.stat(c, "empty-copy").Size)
}

// testCopyReplaceMetadata: CopyOptions.ReplaceMetadata replaces content
// type, metadata and mtime of the copy only.
func testCopyReplaceMetadata(t *testing.T, e *env) {
	c := e.container()
	data := content(22, 100)
	e.writeSource(c, "src", data)
	src := e.stat(c, "src")
	newMtime := time.Date(2022, 6, 7, 8, 9, 10, 0, time.UTC)
	err := e.acct.Copy(e.ctx, c, "dst", c, "src", &storage.CopyOptions{ReplaceMetadata: &storage.MetadataUpdate{
		ContentType: "text/x-replaced",
		Metadata:    map[string]string{"Replaced": "yes"},
		ModTime:     newMtime,
	}})
	require.NoError(t, err)
	dst := e.stat(c, "dst")
	sameBytes(t, data, e.read(c, "dst"))
	assert.Equal(t, "text/x-replaced", dst.ContentType)
	assert.Equal(t, map[string]string{"replaced": "yes"}, dst.Metadata)
	if e.acct.Features().MetadataMtime {
		assert.WithinDuration(t, newMtime, dst.ModTime, time.Second)
	}
	e.sameMetadata(src, e.stat(c, "src"), "the source's metadata changed")
}

// testRename: the source goes, the destination has content and metadata;
// a missing source gives NotFound and creates nothing.
func testRename(t *testing.T, e *env) {
	c := e.container()
	data := content(23, 2000)
	e.writeSource(c, "dir/src", data)
	src := e.stat(c, "dir/src")

	require.NoError(t, e.acct.Rename(e.ctx, c, "dir/src", "moved/dst"))
	e.missing(c, "dir/src")
	sameBytes(t, data, e.read(c, "moved/dst"))
	e.sameMetadata(src, e.stat(c, "moved/dst"), "rename")
	assert.Equal(t, []string{"moved/dst"}, e.keys(c, nil))
	assert.Equal(t, []string{"moved/"}, e.keys(c, &storage.ListOptions{Delimiter: "/"}),
		"the source's prefix vanished with its last object")

	// Over an existing object.
	e.write(c, "target", []byte("old"), nil)
	require.NoError(t, e.acct.Rename(e.ctx, c, "moved/dst", "target"))
	sameBytes(t, data, e.read(c, "target"))
	e.missing(c, "moved/dst")

	// Onto itself: nothing changes.
	require.NoError(t, e.acct.Rename(e.ctx, c, "target", "target"))
	sameBytes(t, data, e.read(c, "target"))

	wantKind(t, e.acct.Rename(e.ctx, c, "absent", "created"), errs.NotFound, "rename of a missing source")
	e.missing(c, "created")
	wantKind(t, e.acct.Rename(e.ctx, c, "absent", "deep/created"), errs.NotFound, "rename of a missing source")
	assert.Equal(t, []string{"target"}, e.keys(c, nil), "a failed rename left something behind")
}

// testSetMetadata: content type, metadata and mtime change; content and
// size do not.
func testSetMetadata(t *testing.T, e *env) {
	c := e.container()
	data := content(24, 777)
	e.writeSource(c, "obj", data)
	newMtime := time.Date(2023, 9, 8, 7, 6, 5, 0, time.UTC)
	require.NoError(t, e.acct.SetMetadata(e.ctx, c, "obj", &storage.MetadataUpdate{
		ContentType: "text/x-updated",
		Metadata:    map[string]string{"Fresh": "1"},
		ModTime:     newMtime,
	}))
	a := e.stat(c, "obj")
	assert.Equal(t, int64(len(data)), a.Size)
	assert.Equal(t, "text/x-updated", a.ContentType)
	assert.Equal(t, map[string]string{"fresh": "1"}, a.Metadata, "metadata is replaced, not merged")
	if e.acct.Features().MetadataMtime {
		assert.WithinDuration(t, newMtime, a.ModTime, time.Second)
	}
	sameBytes(t, data, e.read(c, "obj"), "SetMetadata changed the content")

	// A zero ModTime keeps the mtime.
	require.NoError(t, e.acct.SetMetadata(e.ctx, c, "obj", &storage.MetadataUpdate{ContentType: "text/x-again"}))
	b := e.stat(c, "obj")
	assert.Equal(t, "text/x-again", b.ContentType)
	assert.Empty(t, b.Metadata)
	if e.acct.Features().MetadataMtime {
		assert.WithinDuration(t, newMtime, b.ModTime, time.Second, "a zero ModTime changed the mtime")
	}
	sameBytes(t, data, e.read(c, "obj"), "SetMetadata changed the content")

	wantKind(t, e.acct.SetMetadata(e.ctx, c, "obj", nil), errs.InvalidArgument, "nil update")
}
