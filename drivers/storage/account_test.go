package storage_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
)

func newAccount(t *testing.T) (*storage.Account, *memory.Driver) {
	t.Helper()
	m := memory.New()
	a := storage.New("mem", m)
	require.NoError(t, a.CreateContainer(t.Context(), "c"))
	return a, m
}

func write(t *testing.T, a *storage.Account, key, data string) {
	t.Helper()
	w, err := a.NewWriter(t.Context(), "c", key, nil)
	require.NoError(t, err)
	_, err = io.WriteString(w, data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

func read(t *testing.T, a *storage.Account, key string) string {
	t.Helper()
	r, err := a.NewReader(t.Context(), "c", key, nil)
	require.NoError(t, err)
	defer r.Close()
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

// TestValidation: bad names and keys are refused before the driver is
// called.
func TestValidation(t *testing.T) {
	a, m := newAccount(t)
	ctx := t.Context()
	m.ResetCalls()
	for _, c := range []string{"", "a/b", ".", "..", "x\x00"} {
		_, err := a.Stat(ctx, c, "k")
		assert.True(t, errs.Is(err, errs.InvalidArgument), "container %q: %v", c, err)
		assert.True(t, errs.Is(a.CreateContainer(ctx, c), errs.InvalidArgument), "create %q", c)
	}
	for _, k := range []string{"", "a\x00b", "\xff\xfe", strings.Repeat("k", storage.MaxKeyLen+1)} {
		_, err := a.Stat(ctx, "c", k)
		assert.True(t, errs.Is(err, errs.InvalidArgument), "key %q: %v", k, err)
		_, err = a.NewWriter(ctx, "c", k, nil)
		assert.True(t, errs.Is(err, errs.InvalidArgument), "write key %q: %v", k, err)
		assert.True(t, errs.Is(a.Copy(ctx, "c", k, "c", "src", nil), errs.InvalidArgument), "copy to %q", k)
		assert.True(t, errs.Is(a.Rename(ctx, "c", "src", k), errs.InvalidArgument), "rename to %q", k)
	}
	_, err := a.NewWriter(ctx, "c", "k", &storage.WriterOptions{PartSize: -1})
	assert.True(t, errs.Is(err, errs.InvalidArgument), "%v", err)
	_, err = a.ListPage(ctx, "c", &storage.ListOptions{PageSize: -1})
	assert.True(t, errs.Is(err, errs.InvalidArgument), "%v", err)
	for _, op := range []memory.Op{memory.OpStat, memory.OpNewWriter, memory.OpCopy, memory.OpRename, memory.OpCreateContainer, memory.OpList} {
		assert.Zero(t, m.Calls(op), "the driver was called for %s", op)
	}
	_, err = a.Stat(ctx, "c", strings.Repeat("k", storage.MaxKeyLen))
	assert.True(t, errs.Is(err, errs.NotFound), "a key of exactly MaxKeyLen is fine: %v", err)
}

// TestErrorWrapping: errors carry the operation and resource, match their
// sentinel and keep the driver's cause.
func TestErrorWrapping(t *testing.T) {
	a, m := newAccount(t)
	cause := errors.New("disk on fire")
	m.FailNext(memory.OpStat, errs.E(errs.Transient, "memory.Stat", "c/k", cause))
	_, err := a.Stat(t.Context(), "c", "k")
	require.Error(t, err)
	assert.True(t, errors.Is(err, errs.ErrTransient))
	assert.True(t, errs.Retryable(err))
	assert.True(t, errors.Is(err, cause), "the cause is reachable")
	assert.Contains(t, err.Error(), "storage.Stat")
	assert.Contains(t, err.Error(), "c/k")
	assert.Contains(t, err.Error(), "disk on fire")

	m.FailNext(memory.OpStat, cause) // unclassified
	_, err = a.Stat(t.Context(), "c", "k")
	assert.Equal(t, errs.Unknown, errs.KindOf(err))
	assert.True(t, errors.Is(err, cause))
}

// TestWriterFailures: a failed Write or commit fails Close, and no object
// is left; a failed Write makes Close abort.
func TestWriterFailures(t *testing.T) {
	a, m := newAccount(t)
	ctx := t.Context()

	m.FailNext(memory.OpCommit, errs.Errorf(errs.Transient, "upload", "c/k", "connection reset"))
	w, err := a.NewWriter(ctx, "c", "k", nil)
	require.NoError(t, err)
	_, err = w.Write([]byte("data"))
	require.NoError(t, err)
	err = w.Close()
	assert.True(t, errs.Is(err, errs.Transient), "%v", err)
	assert.Contains(t, err.Error(), "storage.Write")
	_, err = a.Stat(ctx, "c", "k")
	assert.True(t, errs.Is(err, errs.NotFound), "a failed commit left an object: %v", err)

	m.FailNext(memory.OpWrite, nil)
	w, err = a.NewWriter(ctx, "c", "k", nil)
	require.NoError(t, err)
	_, err = w.Write([]byte("data"))
	assert.True(t, errs.Is(err, errs.Transient), "%v", err)
	_, err2 := w.Write([]byte("more"))
	assert.Equal(t, err, err2, "later writes repeat the first error")
	commits := m.Calls(memory.OpCommit)
	assert.Equal(t, err, w.Close(), "Close returns the write error")
	_, err = a.Stat(ctx, "c", "k")
	assert.True(t, errs.Is(err, errs.NotFound), "%v", err)
	assert.Equal(t, commits, m.Calls(memory.OpCommit), "Close aborted (a cancelled commit) instead of committing")
	assert.Zero(t, w.Written(), "Written counts only what the driver took")
}

// TestRenameFallback: without a native rename, a failed copy leaves the
// source in place.
func TestRenameFallback(t *testing.T) {
	m := memory.New()
	a := storage.New("plain", plain{m})
	ctx := t.Context()
	require.NoError(t, a.CreateContainer(ctx, "c"))
	write(t, a, "src", "content")
	assert.False(t, a.Features().NativeRename)
	assert.False(t, a.Features().ServerSideCopy)

	m.FailNext(memory.OpCommit, nil)
	err := a.Rename(ctx, "c", "src", "dst")
	assert.True(t, errs.Is(err, errs.Transient), "%v", err)
	assert.Equal(t, "content", read(t, a, "src"))
	_, err = a.Stat(ctx, "c", "dst")
	assert.True(t, errs.Is(err, errs.NotFound))

	require.NoError(t, a.Rename(ctx, "c", "src", "dst"))
	assert.Equal(t, "content", read(t, a, "dst"))
	_, err = a.Stat(ctx, "c", "src")
	assert.True(t, errs.Is(err, errs.NotFound))
}

// TestCopyTo streams between two accounts, keeping the metadata.
func TestCopyTo(t *testing.T) {
	a, _ := newAccount(t)
	b, _ := newAccount(t)
	ctx := t.Context()
	mtime := time.Unix(1700000000, 0)
	w, err := a.NewWriter(ctx, "c", "src", &storage.WriterOptions{ContentType: "text/x-a", Metadata: map[string]string{"k": "v"}, ModTime: mtime})
	require.NoError(t, err)
	_, err = io.WriteString(w, "across")
	require.NoError(t, err)
	require.NoError(t, w.Close())

	require.NoError(t, a.CopyTo(ctx, b, "c", "dst", "c", "src", nil))
	assert.Equal(t, "across", read(t, b, "dst"))
	attrs, err := b.Stat(ctx, "c", "dst")
	require.NoError(t, err)
	assert.Equal(t, "text/x-a", attrs.ContentType)
	assert.Equal(t, map[string]string{"k": "v"}, attrs.Metadata)
	assert.True(t, mtime.Equal(attrs.ModTime))

	err = a.CopyTo(ctx, b, "c", "dst2", "c", "missing", nil)
	assert.True(t, errs.Is(err, errs.NotFound), "%v", err)
	err = a.CopyTo(ctx, b, "nope", "dst2", "c", "src", nil)
	assert.True(t, errs.Is(err, errs.NotFound), "%v", err)
	_, err = b.Stat(ctx, "c", "dst2")
	assert.True(t, errs.Is(err, errs.NotFound))
}

// signer adds a fake URLSigner and a size limit to the memory driver.
type signer struct {
	*memory.Driver
	got *driver.SignedURLOptions
}

func (s *signer) SignedURL(_ context.Context, c, k string, o *driver.SignedURLOptions) (string, error) {
	s.got = o
	return "https://example.invalid/" + c + "/" + k, nil
}

func (s *signer) Capabilities() driver.Capabilities {
	caps := s.Driver.Capabilities()
	caps.MaxObjectSize = 100
	return caps
}

// TestSignedURLAndLimits: the Account's defaults and checks around a
// signer, and MaxObjectSize.
func TestSignedURLAndLimits(t *testing.T) {
	s := &signer{Driver: memory.New()}
	a := storage.New("signing", s)
	ctx := t.Context()
	require.True(t, a.Features().SignedURL)
	u, err := a.SignedURL(ctx, "c", "k", nil)
	require.NoError(t, err)
	assert.Equal(t, "https://example.invalid/c/k", u)
	assert.Equal(t, "GET", s.got.Method)
	assert.Equal(t, time.Hour, s.got.Expiry)
	_, err = a.SignedURL(ctx, "c", "k", &storage.SignedURLOptions{Method: "PUT", Expiry: time.Minute})
	require.NoError(t, err)
	assert.Equal(t, "PUT", s.got.Method)
	assert.Equal(t, time.Minute, s.got.Expiry)
	_, err = a.SignedURL(ctx, "c", "k", &storage.SignedURLOptions{Method: "POST"})
	assert.True(t, errs.Is(err, errs.InvalidArgument), "%v", err)

	require.NoError(t, a.CreateContainer(ctx, "c"))
	_, err = a.NewWriter(ctx, "c", "big", &storage.WriterOptions{SizeHint: 101})
	assert.True(t, errs.Is(err, errs.ResourceExhausted), "%v", err)
	w, err := a.NewWriter(ctx, "c", "ok", &storage.WriterOptions{SizeHint: 100})
	require.NoError(t, err)
	w.Abort()

	// Without multipart there is nothing to list or abort.
	ups, err := a.ListUploads(ctx, "c", "")
	require.NoError(t, err)
	assert.Empty(t, ups)
	err = a.AbortUpload(ctx, "c", storage.UploadInfo{Key: "k", UploadID: "1"})
	assert.True(t, errs.Is(err, errs.Unimplemented), "%v", err)
}
