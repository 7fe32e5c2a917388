package vfs

import (
	"context"
	"sync"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyOnly hides the memory driver's native rename, as S3 has none, and
// can hold deletes back to widen the window a background delete is in.
type copyOnly struct {
	driver.Driver // the interface: no Rename
	mem           *memory.Driver
	gate          sync.RWMutex // deletes wait while it is write-locked
}

var _ driver.Copier = (*copyOnly)(nil)

func (d *copyOnly) Copy(ctx context.Context, dc, dk, sc, sk string, o *driver.CopyOptions) error {
	return d.mem.Copy(ctx, dc, dk, sc, sk, o)
}

func (d *copyOnly) Delete(ctx context.Context, container, key string) error {
	d.gate.RLock()
	defer d.gate.RUnlock()
	return d.Driver.Delete(ctx, container, key)
}

func newCopyOnlyVFS(t *testing.T) (*testVFS, *copyOnly) {
	t.Helper()
	mem := memory.New()
	drv := &copyOnly{Driver: mem, mem: mem}
	acct := storage.New("mem", drv)
	require.False(t, acct.Features().NativeRename)
	ctx := context.Background()
	require.NoError(t, acct.CreateContainer(ctx, "bkt"))
	v, err := New(map[string]*storage.Account{"mem": acct}, Options{CacheDir: t.TempDir()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = v.Close(ctx) })
	return &testVFS{VFS: v, t: t, drv: mem, acct: acct, ctx: ctx}, drv
}

// A copy-then-delete rename returns after the copy; the delete runs in
// the background, and nothing the mount does can see or race it.
func TestRenameDeletesInBackground(t *testing.T) {
	tv, drv := newCopyOnlyVFS(t)
	tv.writeFile("d/.f.tmp", []byte("content"), 7)
	drv.gate.Lock() // hold the delete back
	require.NoError(t, tv.Rename(tv.ctx, p("d/.f.tmp"), p("d/f"), 0))
	_, err := tv.get("d/.f.tmp")
	require.NoError(t, err, "the old object is still there: its delete is held")
	tv.meta.forget(p("d/.f.tmp"))
	tv.meta.unmarkComplete(p("d"))
	assert.Equal(t, []string{"f"}, tv.names("d"), "a listing hides it")
	_, err = tv.Stat(tv.ctx, p("d/.f.tmp"))
	assert.Equal(t, syscall.ENOENT, err, "a lookup too")

	// Writing the old name again waits for the delete, so the new object
	// survives it.
	done := make(chan struct{})
	go func() {
		defer close(done)
		tv.writeFile("d/.f.tmp", []byte("new"), 3)
	}()
	drv.gate.Unlock()
	<-done
	got, err := tv.get("d/.f.tmp")
	require.NoError(t, err)
	assert.Equal(t, "new", string(got))
	got, err = tv.get("d/f")
	require.NoError(t, err)
	assert.Equal(t, "content", string(got))

	// rmdir right after moving the last file out is not ENOTEMPTY.
	_, err = tv.Mkdir(tv.ctx, p("e"), 0o755)
	require.NoError(t, err)
	tv.writeFile("e/x", []byte("x"), 1)
	drv.gate.Lock()
	require.NoError(t, tv.Rename(tv.ctx, p("e/x"), p("x"), 0))
	go func() { drv.gate.Unlock() }()
	require.NoError(t, tv.Rmdir(tv.ctx, p("e")))
	require.NoError(t, tv.Close(tv.ctx))
	_, err = tv.get("e/x")
	assert.Error(t, err, "deleted by unmount at the latest")
}
