package drivertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// testStreamingWrite: many small writes; nothing is visible before Close.
func testStreamingWrite(t *testing.T, e *env) {
	c := e.container()
	data := content(11, 3*int(e.opts.partSize())/2)
	w, err := e.acct.NewWriter(e.ctx, c, "stream", &storage.WriterOptions{PartSize: e.opts.partSize(), SizeHint: -1})
	require.NoError(t, err)
	for i := 0; i < len(data); i += 100 {
		_, err := w.Write(data[i:min(i+100, len(data))])
		require.NoError(t, err)
		if i%(len(data)/4) < 100 {
			e.missing(c, "stream")
		}
	}
	e.missing(c, "stream")
	assert.Empty(t, e.keys(c, nil), "a listing shows the object before Close")
	require.NoError(t, w.Close())
	sameBytes(t, data, e.read(c, "stream"))
	assert.Equal(t, int64(len(data)), e.stat(c, "stream").Size)

	_, err = w.Write([]byte("late"))
	wantKind(t, err, errs.InvalidArgument, "write after close")
	wantKind(t, w.Close(), errs.InvalidArgument, "close after close")
}

// testOverwrite: a second write replaces content, size and metadata.
func testOverwrite(t *testing.T, e *env) {
	c := e.container()
	e.write(c, "obj", content(1, 5000), &storage.WriterOptions{Metadata: map[string]string{"old": "1"}})
	// An open writer over an existing object does not disturb it.
	w, err := e.acct.NewWriter(e.ctx, c, "obj", &storage.WriterOptions{Metadata: map[string]string{"new": "2"}})
	require.NoError(t, err)
	_, err = w.Write([]byte("short"))
	require.NoError(t, err)
	sameBytes(t, content(1, 5000), e.read(c, "obj"), "old content while the new is being written")
	require.NoError(t, w.Close())
	assert.Equal(t, "short", string(e.read(c, "obj")))
	a := e.stat(c, "obj")
	assert.Equal(t, int64(5), a.Size)
	assert.Equal(t, map[string]string{"new": "2"}, a.Metadata, "metadata is replaced, not merged")
	assert.Equal(t, []string{"obj"}, e.keys(c, nil))
}

// testCancelWrite: cancelling the writer's ctx fails Close and leaves
// nothing: no object, no old object replaced, no upload parts.
func testCancelWrite(t *testing.T, e *env) {
	c := e.container()
	part := e.opts.partSize()
	e.write(c, "existing", []byte("old"), nil)
	for _, key := range []string{"new", "existing"} {
		t.Run(key, func(t *testing.T) {
			ctx, cancel := context.WithCancel(e.ctx)
			defer cancel()
			w, err := e.acct.NewWriter(ctx, c, key, &storage.WriterOptions{PartSize: part, Concurrency: 2, SizeHint: -1})
			require.NoError(t, err)
			data := content(5, int(part*5/2)) // two full parts, so a multipart upload is under way
			_, err = w.Write(data)
			require.NoError(t, err)
			cancel()
			_, _ = w.Write([]byte("more")) // may fail already; must not commit
			assert.Error(t, w.Close(), "Close after cancel must fail")
			if key == "new" {
				e.missing(c, key)
			} else {
				assert.Equal(t, "old", string(e.read(c, key)), "a cancelled overwrite changed the object")
			}
			e.noUploads(c, key)
		})
	}
	assert.Equal(t, []string{"existing"}, e.keys(c, nil))
}

// testAbortWrite: Writer.Abort leaves nothing.
func testAbortWrite(t *testing.T, e *env) {
	c := e.container()
	part := e.opts.partSize()
	for _, n := range []int{0, 10, int(part * 5 / 2)} {
		key := fmt.Sprintf("aborted-%d", n)
		w, err := e.acct.NewWriter(e.ctx, c, key, &storage.WriterOptions{PartSize: part, SizeHint: -1})
		require.NoError(t, err)
		_, err = w.Write(content(6, n))
		require.NoError(t, err)
		w.Abort()
		w.Abort() // twice is harmless
		e.missing(c, key)
		e.noUploads(c, key)
		wantKind(t, w.Close(), errs.InvalidArgument, "close after abort")
	}
	assert.Empty(t, e.keys(c, nil))
}

// noUploads checks that no multipart upload is left for key.
func (e *env) noUploads(c, key string) {
	e.t.Helper()
	ups, err := e.acct.ListUploads(e.ctx, c, key)
	require.NoError(e.t, err)
	for _, u := range ups {
		assert.NotEqual(e.t, key, u.Key, "upload %s left behind for %s", u.UploadID, key)
	}
}

// testConditionalWrite: IfNoneMatch and IfMatch where supported,
// Unimplemented where not.
func testConditionalWrite(t *testing.T, e *env) {
	c := e.container()
	e.write(c, "obj", []byte("original"), nil)
	etag := e.stat(c, "obj").ETag
	if !e.acct.Features().ConditionalWrite {
		_, err := e.acct.NewWriter(e.ctx, c, "obj", &storage.WriterOptions{IfNoneMatch: "*"})
		wantKind(t, err, errs.Unimplemented, "IfNoneMatch without ConditionalWrite")
		_, err = e.acct.NewWriter(e.ctx, c, "obj", &storage.WriterOptions{IfMatch: etag})
		wantKind(t, err, errs.Unimplemented, "IfMatch without ConditionalWrite")
		return
	}
	err := e.tryWrite(e.ctx, c, "obj", []byte("clobbered"), &storage.WriterOptions{IfNoneMatch: "*"})
	wantKind(t, err, errs.PreconditionFailed, "IfNoneMatch * on an existing key")
	assert.Equal(t, "original", string(e.read(c, "obj")))

	err = e.tryWrite(e.ctx, c, "obj", []byte("clobbered"), &storage.WriterOptions{IfMatch: "0123456789abcdef0123456789abcdef"})
	wantKind(t, err, errs.PreconditionFailed, "IfMatch with a wrong ETag")
	assert.Equal(t, "original", string(e.read(c, "obj")))

	require.NoError(t, e.tryWrite(e.ctx, c, "obj", []byte("updated"), &storage.WriterOptions{IfMatch: etag}), "IfMatch with the right ETag")
	assert.Equal(t, "updated", string(e.read(c, "obj")))

	require.NoError(t, e.tryWrite(e.ctx, c, "fresh", []byte("new"), &storage.WriterOptions{IfNoneMatch: "*"}), "IfNoneMatch * on a new key")
	assert.Equal(t, "new", string(e.read(c, "fresh")))

	err = e.tryWrite(e.ctx, c, "absent", []byte("x"), &storage.WriterOptions{IfMatch: etag})
	if !errs.Is(err, errs.NotFound) {
		wantKind(t, err, errs.PreconditionFailed, "IfMatch on a missing key")
	}
	e.missing(c, "absent")

	_, err = e.acct.NewWriter(e.ctx, c, "obj", &storage.WriterOptions{IfNoneMatch: "abc"})
	wantKind(t, err, errs.InvalidArgument, "IfNoneMatch other than *")
}

// testConditionalRead: ReaderOptions.IfMatch where supported,
// Unimplemented where not.
func testConditionalRead(t *testing.T, e *env) {
	c := e.container()
	e.write(c, "obj", []byte("content"), nil)
	etag := e.stat(c, "obj").ETag
	if !e.acct.Features().ConditionalRead {
		_, err := e.acct.NewReader(e.ctx, c, "obj", &storage.ReaderOptions{IfMatch: etag})
		wantKind(t, err, errs.Unimplemented, "IfMatch without ConditionalRead")
		return
	}
	r, err := e.acct.NewReader(e.ctx, c, "obj", &storage.ReaderOptions{IfMatch: etag})
	require.NoError(t, err)
	require.NoError(t, r.Close())
	_, err = e.acct.NewReader(e.ctx, c, "obj", &storage.ReaderOptions{IfMatch: "0123456789abcdef0123456789abcdef"})
	wantKind(t, err, errs.PreconditionFailed, "read with a wrong IfMatch")
}
