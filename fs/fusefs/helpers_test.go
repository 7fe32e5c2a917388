package fusefs

import (
	"context"

	"path/filepath"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/stretchr/testify/require"
)

// mounted is a live test mount of one account ("acct") with one container
// ("bkt").
type mounted struct {
	mnt  string // the mountpoint
	dir  string // <mnt>/storage/acct/bkt
	v    *vfs.VFS
	srv  *Server
	acct *storage.Account
}

// backend names a driver the mount tests run on.
type backend struct {
	name string
	open func(t *testing.T) driver.Driver
}

var backends = []backend{
	{"memory", func(t *testing.T) driver.Driver { return memory.New() }},
	{"local", func(t *testing.T) driver.Driver {
		d, err := local.New(t.TempDir())
		require.NoError(t, err)
		return d
	}},
}

// forEachBackend runs f as a subtest on every backend.
func forEachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
}

// mount mounts drv with opts; it is unmounted when the test ends.
func mount(t *testing.T, drv driver.Driver, opts vfs.Options) *mounted {
	t.Helper()
	ctx := context.Background()
	acct := storage.New("acct", drv)
	if err := acct.CreateContainer(ctx, "bkt"); err != nil {
		require.ErrorContains(t, err, "exist")
	}
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	v, err := vfs.New(map[string]*storage.Account{"acct": acct}, opts)
	require.NoError(t, err)
	mnt := t.TempDir()
	srv, err := Mount(mnt, v, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { unmountForTest(t, srv, mnt, v) })
	return &mounted{mnt: mnt, dir: filepath.Join(mnt, "storage", "acct", "bkt"), v: v, srv: srv, acct: acct}
}

// unmountForTest unmounts, lazily if the mount is still busy, and closes
// the VFS.
func unmountForTest(t *testing.T, srv *Server, mnt string, v *vfs.VFS) {
	var err error
	for range 50 {
		if err = srv.Unmount(); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Logf("unmount %s: %v; detaching lazily", mnt, err)
		_ = srv.UnmountLazy()
		WaitGone(mnt, 10*time.Second)
	}
	_ = v.Close(context.Background())
}

// object reads an object straight from the provider.
func (m *mounted) object(t *testing.T, key string) ([]byte, error) {
	t.Helper()
	r, err := m.acct.NewReader(context.Background(), "bkt", key, nil)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b := make([]byte, 0, r.Attributes().Size)
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		b = append(b, buf[:n]...)
		if err != nil {
			break
		}
	}
	return b, nil
}

// putObject writes an object straight to the provider.
func (m *mounted) putObject(t *testing.T, key string, data []byte) {
	t.Helper()
	w, err := m.acct.NewWriter(context.Background(), "bkt", key, nil)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

// path is a path inside the test container.
func (m *mounted) path(rel string) string { return filepath.Join(m.dir, rel) }

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

