package sync_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	csync "github.com/cloudfs/cloudfs/sync"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A failed upload in a pass withholds every delete of that pass; the next
// clean pass does them.
func TestNoDeletesAfterAnError(t *testing.T) {
	e := &env{t: t, src: newDir(t), dst: newMem(t)}
	mem := e.dst.(*storeFix).mem
	for i := range 5 {
		e.src.write(t, fmt.Sprintf("f%d", i), "x", t0)
	}
	e.ok(csync.Options{}, nil)
	e.src.remove(t, "f0")
	e.src.remove(t, "f1")
	e.src.write(t, "new", "fails to upload", t0)
	mem.FailNext(memory.OpCommit, errs.Errorf(errs.PermissionDenied, "test", "", "injected"))

	r, err := e.sync(csync.Options{Delete: true}, nil)
	require.Error(t, err)
	assert.Equal(t, int64(1), r.Failed)
	assert.Equal(t, int64(2), r.Held)
	assert.Zero(t, r.Deleted)
	assert.Zero(t, mem.Calls(memory.OpDelete))
	tree := e.dst.tree(t)
	assert.Contains(t, tree, "f0")
	assert.Contains(t, tree, "f1")
	assert.NotContains(t, tree, "new")

	r = e.ok(csync.Options{Delete: true}, nil)
	assert.Equal(t, int64(2), r.Deleted)
	assert.Equal(t, int64(1), r.Copied)
	assert.Equal(t, map[string]string{"f2": "x", "f3": "x", "f4": "x", "new": "fails to upload"}, e.dst.tree(t))
}

// A listing that fails is a failure too: the files it did not show would
// look deleted, so nothing may be deleted. (A fault in the source's
// listing; the tests run as root, which reads any local directory.)
func TestNoDeletesAfterUnreadableDir(t *testing.T) {
	e := &env{t: t, src: newMem(t), dst: newDir(t)}
	mem := e.src.(*storeFix).mem
	e.src.write(t, "a", "1", t0)
	e.src.write(t, "b", "2", t0)
	e.ok(csync.Options{}, nil)
	mem.FailNext(memory.OpList, errs.Errorf(errs.PermissionDenied, "test", "", "injected"))
	r, err := e.sync(csync.Options{Delete: true}, nil)
	require.Error(t, err)
	assert.Zero(t, r.Deleted)
	assert.Equal(t, map[string]string{"a": "1", "b": "2"}, e.dst.tree(t))
}

// Transient errors are retried with backoff and the pass succeeds.
func TestTransientErrorsRetried(t *testing.T) {
	e := &env{t: t, src: newDir(t), dst: newMem(t)}
	mem := e.dst.(*storeFix).mem
	e.src.write(t, "a", "1", t0)
	mem.FailNext(memory.OpCommit, nil) // nil: a Transient error
	mem.FailNext(memory.OpNewWriter, nil)
	lo := csync.LocalOptions{}
	r, err := csync.New(e.src.side(lo), e.dst.side(lo), csync.Options{RetryBase: time.Millisecond}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(1), r.Copied)
	assert.Equal(t, map[string]string{"a": "1"}, e.dst.tree(t))
}

// A permission error on one file is reported and the others still go.
func TestPermanentErrorSkipsOneFile(t *testing.T) {
	e := &env{t: t, src: newDir(t), dst: newMem(t)}
	mem := e.dst.(*storeFix).mem
	for i := range 4 {
		e.src.write(t, fmt.Sprintf("f%d", i), "x", t0)
	}
	mem.SetFault(func(op memory.Op, c, key string) error {
		if op == memory.OpNewWriter && strings.HasSuffix(key, "/f2") {
			return errs.Errorf(errs.PermissionDenied, "test", key, "injected")
		}
		return nil
	})
	stats := csync.NewStats()
	lo := csync.LocalOptions{}
	r, err := csync.New(e.src.side(lo), e.dst.side(lo), csync.Options{Stats: stats}).Run(context.Background())
	require.Error(t, err)
	assert.Equal(t, int64(3), r.Copied)
	assert.Equal(t, int64(1), r.Failed)
	snap := stats.Snapshot()
	require.Len(t, snap.Failed, 1)
	assert.Equal(t, "f2", snap.Failed[0].Path)
	assert.Contains(t, snap.Failed[0].Error, "permission denied")
}

// The no-op re-run plans from the listings alone: no HEAD, no read, no
// write, no delete; just the listing pages. On every driver, both ways.
func TestNoopRerunIsListingsOnly(t *testing.T) {
	for _, store := range []struct {
		name string
		make func(*testing.T) *storeFix
	}{{"memory", newMem}, {"files", newLocalStore}, {"s3", newS3}} {
		for _, dir := range []string{"push", "pull"} {
			t.Run(store.name+"/"+dir, func(t *testing.T) {
				local, remote := newDir(t), store.make(t)
				e := &env{t: t, src: local, dst: remote}
				if dir == "pull" {
					e = &env{t: t, src: remote, dst: local}
				}
				n := 2500
				if store.name == "s3" {
					n = 1200 // two pages, and quicker to set up
				}
				for i := range n {
					e.src.write(t, fmt.Sprintf("d%02d/f%04d", i%17, i), strings.Repeat("x", i%50), t0.Add(time.Duration(i)*time.Millisecond*7))
				}
				e.ok(csync.Options{}, nil)
				remote.count.Reset()
				r := e.ok(csync.Options{Delete: true}, nil)
				assert.Zero(t, r.Copied)
				assert.Equal(t, int64(n), r.Checked)
				calls := remote.count.All()
				pages := calls["ListObjects"]
				delete(calls, "ListObjects")
				assert.Empty(t, calls, "calls other than listings on the no-op re-run")
				assert.Equal(t, int64((n+999)/1000), pages, "listing pages of 1000")
			})
		}
	}
}

// A file that grows while it is uploaded is never committed torn: the
// upload is aborted and retried, and the object ends up whole.
func TestChangeDuringUploadIsRetried(t *testing.T) {
	e := &env{t: t, src: newDir(t), dst: newMem(t)}
	mem := e.dst.(*storeFix).mem
	d := e.src.(*dirFix)
	e.src.write(t, "grow", strings.Repeat("a", 100<<10), t0)
	var hits atomic.Int32
	mem.SetFault(func(op memory.Op, c, key string) error {
		if op == memory.OpWrite && hits.Add(1) == 1 {
			f, err := os.OpenFile(d.path("grow"), os.O_APPEND|os.O_WRONLY, 0)
			if err == nil {
				f.WriteString("more")
				f.Close()
			}
		}
		return nil
	})
	lo := csync.LocalOptions{}
	r, err := csync.New(e.src.side(lo), e.dst.side(lo), csync.Options{ChangedDelay: 10 * time.Millisecond}).Run(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int64(1), r.Copied)
	assert.Equal(t, int64(2), mem.Calls(memory.OpNewWriter), "one aborted upload, one whole")
	assert.Equal(t, int64(1), mem.Calls(memory.OpCommit), "the torn one never reached commit")
	assert.Equal(t, strings.Repeat("a", 100<<10)+"more", e.dst.tree(t)["grow"])
}

// A file that never stops changing is given up on for this pass, and
// reported.
func TestFileThatKeepsChanging(t *testing.T) {
	e := &env{t: t, src: newDir(t), dst: newMem(t)}
	mem := e.dst.(*storeFix).mem
	d := e.src.(*dirFix)
	e.src.write(t, "busy", "x", t0)
	mem.SetFault(func(op memory.Op, c, key string) error {
		if op == memory.OpWrite {
			f, err := os.OpenFile(d.path("busy"), os.O_APPEND|os.O_WRONLY, 0)
			if err == nil {
				f.WriteString("x")
				f.Close()
			}
		}
		return nil
	})
	lo := csync.LocalOptions{}
	r, err := csync.New(e.src.side(lo), e.dst.side(lo), csync.Options{ChangedDelay: time.Millisecond, ChangedRetries: 2}).Run(context.Background())
	require.Error(t, err)
	assert.Equal(t, int64(1), r.Failed)
	assert.Zero(t, mem.Calls(memory.OpCommit))
	assert.Empty(t, e.dst.tree(t))
}

// A missing destination container is created before the first upload.
func TestCreatesMissingContainer(t *testing.T) {
	e := &env{t: t, src: newDir(t), dst: newMem(t)}
	s := e.dst.(*storeFix)
	s.container = "fresh"
	e.src.write(t, "a", "1", t0)
	e.ok(csync.Options{}, nil)
	assert.Equal(t, map[string]string{"a": "1"}, e.dst.tree(t))
}

// A local source that does not exist is an error, never an empty tree
// (with --delete that would empty the destination); a local destination
// that does not exist is made.
func TestMissingLocalRoots(t *testing.T) {
	e := &env{t: t, src: &dirFix{root: t.TempDir() + "/typo"}, dst: newMem(t)}
	e.dst.write(t, "precious", "p", t0)
	_, err := e.sync(csync.Options{Delete: true}, nil)
	require.ErrorContains(t, err, "no such file")
	assert.Equal(t, map[string]string{"precious": "p"}, e.dst.tree(t))

	dst := &dirFix{root: t.TempDir() + "/not/yet"}
	e = &env{t: t, src: newMem(t), dst: dst}
	e.src.write(t, "a/b", "1", t0)
	e.ok(csync.Options{}, nil)
	assert.Equal(t, map[string]string{"a/b": "1"}, dst.tree(t))
}

// A stop (SIGTERM) during a multipart upload to S3, after the grace
// period, aborts the upload: no object, and no parts left behind.
func TestStopAbortsMultipartUpload(t *testing.T) {
	src, dst := newDir(t), newS3(t)
	src.write(t, "big", strings.Repeat("m", 40<<20), t0) // 16 MiB parts: multipart
	src.write(t, "small", "s", t0)
	ctx, cancel := context.WithCancel(context.Background())
	stats := csync.NewStats()
	s := csync.New(src.side(csync.LocalOptions{}), dst.side(csync.LocalOptions{}), csync.Options{
		Grace: 100 * time.Millisecond, BWLimit: csync.NewLimiter(16 << 20), Stats: stats,
	})
	done := make(chan error, 1)
	go func() {
		_, err := s.Run(ctx)
		done <- err
	}()
	eventually(t, 20*time.Second, "a multipart upload of big is under way", func() bool {
		ups, err := dst.raw.ListUploads(context.Background(), dst.container, "")
		return err == nil && len(ups) == 1
	})
	cancel()
	err := <-done
	require.ErrorContains(t, err, "stopped")
	assert.NotContains(t, dst.tree(t), "big")
	ups, err := dst.raw.ListUploads(context.Background(), dst.container, "")
	require.NoError(t, err)
	assert.Empty(t, ups, "multipart uploads left behind")
}

// Within one account that can copy on the server, sync does: no byte goes
// through this process, and the re-run is still a no-op.
func TestServerSideCopyWithinAccount(t *testing.T) {
	d := memory.New()
	acct := storage.New("mem", d)
	ctx := context.Background()
	require.NoError(t, acct.CreateContainer(ctx, "c"))
	src := &storeFix{acct: acct, container: "c", prefix: "from"}
	dst := &storeFix{acct: acct, container: "c", prefix: "to"}
	for i := range 5 {
		src.write(t, fmt.Sprintf("f%d", i), strings.Repeat("y", i), t0)
	}
	e := &env{t: t, src: src, dst: dst}
	r := e.ok(csync.Options{}, nil)
	assert.Equal(t, int64(5), r.Copied)
	assert.Equal(t, int64(5), d.Calls(memory.OpCopy))
	assert.Zero(t, d.Calls(memory.OpRead), "no byte went through the client")
	assert.Equal(t, src.tree(t), dst.tree(t))
	r = e.ok(csync.Options{}, nil)
	assert.Zero(t, r.Copied)
	assert.Equal(t, int64(5), r.Checked)
}
