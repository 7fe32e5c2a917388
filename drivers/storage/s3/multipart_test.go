package s3

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/transport"
)

// testAccount opens a driver on the shared MinIO whose network is sp, and
// makes a fresh bucket for the test.
func testAccount(t *testing.T, sp *spy, extra map[string]string) (*storage.Account, *Driver, string) {
	t.Helper()
	opts := transport.Options{RetryBaseDelay: transport.Duration(time.Millisecond)}
	if sp != nil {
		opts.Base = sp
	}
	d := openMinIO(t, extra, opts)
	a := storage.New("minio", d)
	bucket := freshBucket(t, a)
	return a, d, bucket
}

var bucketSeq atomic.Int64

// freshBucket makes a bucket that is emptied and removed after the test.
func freshBucket(t *testing.T, a *storage.Account) string {
	t.Helper()
	name := strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-"))
	name = strings.ReplaceAll(strings.ReplaceAll(name, "_", "-"), "#", "-")
	if len(name) > 40 {
		name = name[:40]
	}
	name = "t" + strconv.FormatInt(bucketSeq.Add(1), 10) + "-" + strings.Trim(name, "-")
	require.NoError(t, a.CreateContainer(t.Context(), name))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for o, err := range a.List(ctx, name, nil) {
			if err != nil {
				break
			}
			_ = a.Delete(ctx, name, o.Key)
		}
		ups, _ := a.ListUploads(ctx, name, "")
		for _, u := range ups {
			_ = a.AbortUpload(ctx, name, u)
		}
		_ = a.DeleteContainer(ctx, name)
	})
	return name
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return b
}

// writeAll writes data in 64 KiB chunks, as a copy loop would.
func writeAll(w io.Writer, data []byte) error {
	for b := data; len(b) > 0; {
		n := min(len(b), 64<<10)
		if _, err := w.Write(b[:n]); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// noUploads fails the test if any multipart upload is left in bucket.
func noUploads(t *testing.T, a *storage.Account, bucket string) {
	t.Helper()
	ups, err := a.ListUploads(t.Context(), bucket, "")
	require.NoError(t, err)
	assert.Empty(t, ups, "uploads left behind")
}

// TestMultipartRoundTrip: 3.5 parts at concurrency 3 become one object
// with its content, metadata, mtime and content type, through
// CreateMultipartUpload, 4 UploadParts and CompleteMultipartUpload.
func TestMultipartRoundTrip(t *testing.T) {
	sp := newSpy(t)
	a, d, bucket := testAccount(t, sp, nil)
	data := randomBytes(t, MinPartSize*7/2)
	mtime := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
	w, err := a.NewWriter(t.Context(), bucket, "dir/big.bin", &storage.WriterOptions{
		PartSize: MinPartSize, Concurrency: 3, SizeHint: -1,
		ContentType: "application/x-big", Metadata: map[string]string{"Owner": "tests"}, ModTime: mtime,
	})
	require.NoError(t, err)
	require.NoError(t, writeAll(w, data))
	require.NoError(t, w.Close())

	assert.Equal(t, 1, sp.count("POST uploads"))
	assert.Equal(t, 4, sp.count("PUT part"))
	assert.Equal(t, 1, sp.count("POST upload"))
	assert.Zero(t, sp.count("PUT PutObject"))
	assert.LessOrEqual(t, sp.peakInFlight.Load(), int64(3), "parts in flight")
	assert.LessOrEqual(t, d.bufs.peak.Load(), int64(3+1), "part buffers: in flight + filling")
	assert.Zero(t, d.bufs.out.Load(), "every part buffer went back to the pool")

	st, err := a.Stat(t.Context(), bucket, "dir/big.bin")
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), st.Size)
	assert.True(t, strings.HasSuffix(st.ETag, "-4"), "multipart ETag %q", st.ETag)
	assert.Nil(t, st.MD5, "a multipart ETag is not an MD5")
	assert.Equal(t, "application/x-big", st.ContentType)
	assert.Equal(t, map[string]string{"owner": "tests"}, st.Metadata)
	assert.Equal(t, mtime, st.ModTime.UTC())
	r, err := a.NewReader(t.Context(), bucket, "dir/big.bin", nil)
	require.NoError(t, err)
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	r.Close()
	assert.True(t, bytes.Equal(data, got), "content differs")
	noUploads(t, a, bucket)
}

// TestSinglePutUpToOnePart: objects up to one part go in one PutObject,
// with no multipart upload, whatever the size hint says.
func TestSinglePutUpToOnePart(t *testing.T) {
	sp := newSpy(t)
	a, _, bucket := testAccount(t, sp, map[string]string{"part_size": "5M"})
	for _, n := range []int{0, 1, 100 << 10, MinPartSize} {
		for _, hint := range []int64{-1, int64(n)} {
			sp.reset()
			data := randomBytes(t, n)
			w, err := a.NewWriter(t.Context(), bucket, "small", &storage.WriterOptions{SizeHint: hint})
			require.NoError(t, err)
			require.NoError(t, writeAll(w, data))
			require.NoError(t, w.Close())
			assert.Equal(t, 1, sp.count("PUT PutObject"), "%d bytes", n)
			assert.Zero(t, sp.count("POST uploads"), "%d bytes", n)
			st, err := a.Stat(t.Context(), bucket, "small")
			require.NoError(t, err)
			assert.Equal(t, int64(n), st.Size)
			assert.NotNil(t, st.MD5, "a single PUT's ETag is the MD5")
		}
	}
}

// TestNoOrphansAfterCancel: cancelling the ctx while parts are in flight
// fails Close, commits nothing and leaves no upload or part behind.
func TestNoOrphansAfterCancel(t *testing.T) {
	sp := newSpy(t)
	a, _, bucket := testAccount(t, sp, nil)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var parts atomic.Int64
	sp.fail = func(r *http.Request) error {
		if opName(r) == "PUT part" && parts.Add(1) == 3 {
			cancel() // mid-upload, with parts 1 and 2 sent or in flight
		}
		return nil
	}
	w, err := a.NewWriter(ctx, bucket, "cancelled.bin", &storage.WriterOptions{PartSize: MinPartSize, Concurrency: 2, SizeHint: -1})
	require.NoError(t, err)
	err = writeAll(w, randomBytes(t, MinPartSize*6))
	t.Logf("write error after cancel: %v", err)
	cerr := w.Close()
	require.Error(t, cerr)
	assert.True(t, errs.Is(cerr, errs.Canceled), "%v", cerr)
	assert.Equal(t, 1, sp.count("DELETE upload"), "the upload was aborted")
	_, err = a.Stat(t.Context(), bucket, "cancelled.bin")
	assert.True(t, errs.Is(err, errs.NotFound), "%v", err)
	noUploads(t, a, bucket)
}

// TestNoOrphansAfterPartFailure: the second UploadPart fails (not a fault
// the transport retries); Close reports it and the upload is aborted.
func TestNoOrphansAfterPartFailure(t *testing.T) {
	sp := newSpy(t)
	a, _, bucket := testAccount(t, sp, nil)
	injected := errors.New("injected failure of part 2")
	sp.fail = func(r *http.Request) error {
		if opName(r) == "PUT part" && r.URL.Query().Get("partNumber") == "2" {
			return injected
		}
		return nil
	}
	w, err := a.NewWriter(t.Context(), bucket, "failed.bin", &storage.WriterOptions{PartSize: MinPartSize, Concurrency: 2, SizeHint: -1})
	require.NoError(t, err)
	werr := writeAll(w, randomBytes(t, MinPartSize*5))
	cerr := w.Close()
	require.Error(t, cerr)
	if werr != nil {
		assert.ErrorIs(t, werr, injected)
	}
	assert.ErrorIs(t, cerr, injected, "Close reports the part's failure")
	assert.Equal(t, 1, sp.count("DELETE upload"), "the upload was aborted")
	assert.Zero(t, sp.count("POST upload"), "nothing was completed")
	_, err = a.Stat(t.Context(), bucket, "failed.bin")
	assert.True(t, errs.Is(err, errs.NotFound), "%v", err)
	noUploads(t, a, bucket)
}

// TestRetriedPart: a part whose connection is reset is re-sent by the
// transport's retry layer, body and all, and the object is whole.
func TestRetriedPart(t *testing.T) {
	sp := newSpy(t)
	a, _, bucket := testAccount(t, sp, nil)
	var resets atomic.Int64
	sp.fail = func(r *http.Request) error {
		if opName(r) == "PUT part" && r.URL.Query().Get("partNumber") == "2" && resets.Add(1) <= 2 {
			return connReset{}
		}
		return nil
	}
	data := randomBytes(t, MinPartSize*5/2)
	w, err := a.NewWriter(t.Context(), bucket, "retried.bin", &storage.WriterOptions{PartSize: MinPartSize, SizeHint: -1})
	require.NoError(t, err)
	require.NoError(t, writeAll(w, data))
	require.NoError(t, w.Close())
	assert.Equal(t, 5, sp.count("PUT part"), "3 parts, part 2 sent three times")
	r, err := a.NewReader(t.Context(), bucket, "retried.bin", nil)
	require.NoError(t, err)
	got, _ := io.ReadAll(r)
	r.Close()
	assert.True(t, bytes.Equal(data, got), "content differs")
}

// connReset is a connection reset, which the transport retries.
type connReset struct{}

func (connReset) Error() string { return "read: connection reset by peer" }
func (connReset) Unwrap() error { return syscall.ECONNRESET }

// TestConditionalMultipart: If-None-Match on a multipart write over an
// existing key fails at completion and leaves no upload.
func TestConditionalMultipart(t *testing.T) {
	a, _, bucket := testAccount(t, nil, nil)
	w, err := a.NewWriter(t.Context(), bucket, "taken", nil)
	require.NoError(t, err)
	require.NoError(t, writeAll(w, []byte("first")))
	require.NoError(t, w.Close())

	w, err = a.NewWriter(t.Context(), bucket, "taken", &storage.WriterOptions{IfNoneMatch: "*", PartSize: MinPartSize, SizeHint: -1})
	require.NoError(t, err)
	require.NoError(t, writeAll(w, randomBytes(t, MinPartSize*2)))
	err = w.Close()
	assert.True(t, errs.Is(err, errs.PreconditionFailed), "%v", err)
	noUploads(t, a, bucket)
	r, err := a.NewReader(t.Context(), bucket, "taken", nil)
	require.NoError(t, err)
	got, _ := io.ReadAll(r)
	r.Close()
	assert.Equal(t, "first", string(got))
}

// TestMultipartCopy: with copy_cutoff lowered to 5 MiB, a 12 MiB copy runs
// as UploadPartCopy ranges, and so does SetMetadata on it; content and
// metadata come out right.
func TestMultipartCopy(t *testing.T) {
	sp := newSpy(t)
	a, _, bucket := testAccount(t, sp, map[string]string{"copy_cutoff": "5M"})
	data := randomBytes(t, 12<<20)
	mtime := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	w, err := a.NewWriter(t.Context(), bucket, "src", &storage.WriterOptions{ContentType: "text/x-src", Metadata: map[string]string{"k": "v"}, ModTime: mtime, SizeHint: -1})
	require.NoError(t, err)
	require.NoError(t, writeAll(w, data))
	require.NoError(t, w.Close())

	sp.reset()
	require.NoError(t, a.Copy(t.Context(), bucket, "dst", bucket, "src", nil))
	assert.Equal(t, 3, sp.count("PUT part-copy"), "12 MiB in 5 MiB ranges")
	assert.Zero(t, sp.count("PUT copy"))
	st, err := a.Stat(t.Context(), bucket, "dst")
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)), st.Size)
	assert.Equal(t, "text/x-src", st.ContentType)
	assert.Equal(t, map[string]string{"k": "v"}, st.Metadata)
	assert.Equal(t, mtime, st.ModTime.UTC())
	r, err := a.NewReader(t.Context(), bucket, "dst", nil)
	require.NoError(t, err)
	got, _ := io.ReadAll(r)
	r.Close()
	assert.True(t, bytes.Equal(data, got), "content differs")

	sp.reset()
	newMtime := time.Date(2022, 2, 2, 2, 2, 2, 0, time.UTC)
	require.NoError(t, a.SetMetadata(t.Context(), bucket, "dst", &storage.MetadataUpdate{ContentType: "text/x-new", Metadata: map[string]string{"n": "1"}, ModTime: newMtime}))
	assert.Equal(t, 3, sp.count("PUT part-copy"))
	st, err = a.Stat(t.Context(), bucket, "dst")
	require.NoError(t, err)
	assert.Equal(t, "text/x-new", st.ContentType)
	assert.Equal(t, map[string]string{"n": "1"}, st.Metadata)
	assert.Equal(t, newMtime, st.ModTime.UTC())
	assert.Equal(t, int64(len(data)), st.Size)
	noUploads(t, a, bucket)
}

// TestSharedParts: writers given one WriterOptions.Parts never have more
// parts in flight together than it holds, and their objects are whole.
func TestSharedParts(t *testing.T) {
	sp := newSpy(t)
	a, _, bucket := testAccount(t, sp, nil)
	shared := semaphore.NewWeighted(2)
	data := [][]byte{randomBytes(t, MinPartSize*4+1), randomBytes(t, MinPartSize*4+2), randomBytes(t, MinPartSize*3)}
	var g errgroup.Group
	for i, d := range data {
		g.Go(func() error {
			w, err := a.NewWriter(t.Context(), bucket, fmt.Sprintf("obj%d", i), &storage.WriterOptions{
				PartSize: MinPartSize, Concurrency: 4, SizeHint: -1, Parts: shared,
			})
			if err != nil {
				return err
			}
			if err := writeAll(w, d); err != nil {
				w.Abort()
				return err
			}
			return w.Close()
		})
	}
	require.NoError(t, g.Wait())
	assert.LessOrEqual(t, sp.peakInFlight.Load(), int64(2), "parts in flight across the writers")
	assert.Equal(t, 5+5+3, sp.count("PUT part"))
	for i, d := range data {
		assert.True(t, bytes.Equal(d, readBack(t, a, bucket, fmt.Sprintf("obj%d", i))), "object %d", i)
	}
	assert.True(t, shared.TryAcquire(2), "every unit was given back")
}

// TestSharedPartsFailure: a part fails while the writer waits for a
// shared unit; Close reports that failure, not a cancellation.
func TestSharedPartsFailure(t *testing.T) {
	sp := newSpy(t)
	a, _, bucket := testAccount(t, sp, nil)
	injected := errors.New("injected failure of part 1")
	sp.fail = func(r *http.Request) error {
		if opName(r) == "PUT part" && r.URL.Query().Get("partNumber") == "1" {
			time.Sleep(200 * time.Millisecond) // part 2 is waiting for the unit by then
			return injected
		}
		return nil
	}
	shared := semaphore.NewWeighted(1)
	w, err := a.NewWriter(t.Context(), bucket, "failed.bin", &storage.WriterOptions{PartSize: MinPartSize, Concurrency: 4, SizeHint: -1, Parts: shared})
	require.NoError(t, err)
	werr := writeAll(w, randomBytes(t, MinPartSize*4))
	cerr := w.Close()
	require.Error(t, cerr)
	assert.ErrorIs(t, cerr, injected)
	if werr != nil {
		assert.ErrorIs(t, werr, injected)
	}
	assert.False(t, errs.Is(cerr, errs.Canceled), "%v", cerr)
	noUploads(t, a, bucket)
	assert.True(t, shared.TryAcquire(1), "the unit was given back")
}
