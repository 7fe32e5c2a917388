package vfs

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatedWrites holds every upload's commit until gate is closed.
type gatedWrites struct {
	driver.Driver
	gate    chan struct{}
	waiting atomic.Int64 // commits held now
}

func (d *gatedWrites) NewWriter(ctx context.Context, c, k string, o *driver.WriterOptions) (driver.Writer, error) {
	w, err := d.Driver.NewWriter(ctx, c, k, o)
	if err != nil {
		return nil, err
	}
	return &gatedWriter{Writer: w, d: d, ctx: ctx}, nil
}

type gatedWriter struct {
	driver.Writer
	d   *gatedWrites
	ctx context.Context // cancelled: an abort, which does not wait
}

func (w *gatedWriter) Close() error {
	if w.ctx.Err() == nil {
		w.d.waiting.Add(1)
		select {
		case <-w.d.gate:
		case <-w.ctx.Done():
		}
		w.d.waiting.Add(-1)
	}
	return w.Writer.Close()
}

// newWriteBackVFS is a write-back VFS over a memory driver whose uploads
// wait for the returned gate to close.
func newWriteBackVFS(t *testing.T, concurrency int) (*testVFS, *gatedWrites) {
	t.Helper()
	mem := memory.New()
	drv := &gatedWrites{Driver: mem, gate: make(chan struct{})}
	acct := storage.New("mem", drv)
	ctx := context.Background()
	require.NoError(t, acct.CreateContainer(ctx, "bkt"))
	v, err := New(map[string]*storage.Account{"mem": acct}, Options{
		CacheDir: t.TempDir(), TempHold: time.Hour, WriteBack: true, Concurrency: concurrency,
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		select {
		case <-drv.gate:
		default:
			close(drv.gate)
		}
		_ = v.Close(ctx)
	})
	return &testVFS{VFS: v, t: t, drv: mem, acct: acct, ctx: ctx}, drv
}

// The rename of rsync's temporary file returns while its upload waits;
// meanwhile the file is there under its final name, and then its one
// upload lands there.
func TestWriteBackRenameReturnsBeforeUpload(t *testing.T) {
	tv, drv := newWriteBackVFS(t, 4)
	mtime := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	data := pattern(10_000)
	tv.drv.ResetCalls()
	require.NoError(t, tv.rsyncSave("d/.f.txt.AbC123", "d/f.txt", data, mtime, 0o640))
	require.Eventually(t, func() bool { return drv.waiting.Load() == 1 }, 5*time.Second, time.Millisecond, "the upload started")

	a, err := tv.Stat(tv.ctx, p("d/f.txt"))
	require.NoError(t, err, "shown under its final name")
	assert.Equal(t, int64(len(data)), a.Size)
	_, err = tv.Stat(tv.ctx, p("d/.f.txt.AbC123"))
	assert.Equal(t, syscall.ENOENT, err)
	_, err = tv.get("d/f.txt")
	assert.Error(t, err, "not at the provider yet")

	close(drv.gate)
	require.Eventually(t, func() bool { _, err := tv.get("d/f.txt"); return err == nil }, 5*time.Second, time.Millisecond)
	tv.uploadedOnce("d/f.txt", data, mtime, "100640")
	assert.Equal(t, int64(1), tv.Stats().WroteBack.Load())
	assert.Equal(t, data, tv.readAll("d/f.txt", 4096))
}

// At most Concurrency uploads are in flight: the next rename waits for a
// slot. Settle uploads what is left.
func TestWriteBackBoundedAndSettled(t *testing.T) {
	tv, drv := newWriteBackVFS(t, 2)
	var renamed atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 5 {
			name := fmt.Sprintf("f%d", i)
			if err := tv.rsyncSave("."+name+".AbC123", name, []byte(name), time.Now(), 0o644); err != nil {
				t.Error(err)
			}
			renamed.Add(1)
		}
	}()
	require.Eventually(t, func() bool { return drv.waiting.Load() == 2 }, 5*time.Second, time.Millisecond)
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, int64(2), renamed.Load(), "the third rename waits for a slot")
	close(drv.gate)
	<-done
	tv.Settle()
	for i := range 5 {
		got, err := tv.get(fmt.Sprintf("f%d", i))
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("f%d", i), string(got))
	}
	assert.Equal(t, []string{"f0", "f1", "f2", "f3", "f4"}, tv.names(""))
}

// A failed upload cannot fail the rename, which returned: it is logged,
// and the file goes away as a failed new file does.
func TestWriteBackFailedUpload(t *testing.T) {
	tv, drv := newWriteBackVFS(t, 4)
	close(drv.gate)
	tv.drv.FailNext(memory.OpCommit, nil)
	require.NoError(t, tv.rsyncSave(".x.AbC123", "x", []byte("data"), time.Now(), 0o644))
	require.Eventually(t, func() bool {
		_, err := tv.Stat(tv.ctx, p("x"))
		return err == syscall.ENOENT
	}, 5*time.Second, time.Millisecond, "gone once its upload failed")
	assert.Equal(t, int64(1), tv.Stats().Failed.Load())
	_, err := tv.get("x")
	assert.Error(t, err)
	assert.Empty(t, tv.names(""))
}

// Renamed again, or removed, before its upload: the file is uploaded
// once, to where it is then, or not at all.
func TestWriteBackRenamedAgainOrRemoved(t *testing.T) {
	tv, drv := newWriteBackVFS(t, 4)
	tv.drv.ResetCalls()
	require.NoError(t, tv.rsyncSave(".a.AbC123", "a", []byte("a"), time.Now(), 0o644))
	require.NoError(t, tv.rsyncSave(".b.AbC123", "b", []byte("b"), time.Now(), 0o644))
	require.Eventually(t, func() bool { return drv.waiting.Load() == 2 }, 5*time.Second, time.Millisecond)
	renamed := make(chan error, 1)
	go func() { renamed <- tv.Rename(tv.ctx, p("a"), p("c"), 0) }()
	removed := make(chan error, 1)
	go func() { removed <- tv.Unlink(tv.ctx, p("b")) }()
	close(drv.gate)
	require.NoError(t, <-renamed)
	require.NoError(t, <-removed)
	tv.Settle()
	_, err := tv.get("a")
	assert.Error(t, err)
	_, err = tv.get("b")
	assert.Error(t, err)
	got, err := tv.get("c")
	require.NoError(t, err)
	assert.Equal(t, "a", string(got))
	assert.Equal(t, []string{"c"}, tv.names(""))
}

// Only the renames of held files wait for a write-back slot.
func TestWriteBackSlotsOnlyForHeldFiles(t *testing.T) {
	tv, drv := newWriteBackVFS(t, 1)
	require.NoError(t, tv.rsyncSave(".a.AbC123", "a", []byte("a"), time.Now(), 0o644))
	require.Eventually(t, func() bool { return drv.waiting.Load() == 1 }, 5*time.Second, time.Millisecond)
	h, _, err := tv.Create(tv.ctx, p("open"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("streaming"), 0)
	require.NoError(t, err)
	renamed := make(chan error, 1)
	go func() { renamed <- tv.Rename(tv.ctx, p("open"), p("moved"), 0) }()
	select {
	case err := <-renamed:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the rename of an open file waited for the write-back slot")
	}
	close(drv.gate)
	require.NoError(t, h.Flush(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	tv.Settle()
	assert.Equal(t, []string{"a", "moved"}, tv.names(""))
}
