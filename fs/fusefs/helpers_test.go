package fusefs

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/cloudfs/cloudfs/drivers/storage/s3"
	"github.com/cloudfs/cloudfs/drivers/storage/s3/s3test"
	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	if name := os.Getenv(mmapHelperEnv); name != "" {
		os.Exit(mmapHelper(name))
	}
	s3test.Main(m)
}

// mounted is a live test mount of one account ("acct") with one
// container.
type mounted struct {
	mnt       string // the mountpoint
	dir       string // <mnt>/storage/acct/<container>
	container string
	v         *vfs.VFS
	srv       *Server
	acct      *storage.Account
	drv       driver.Driver // the driver under the counting wrapper
	calls     *calls
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
	{"s3", func(t *testing.T) driver.Driver {
		srv := s3test.Shared(t)
		hc, err := transport.New(transport.Options{RetryBaseDelay: transport.Duration(time.Millisecond)})
		require.NoError(t, err)
		d, err := s3.New(t.Context(), params.Params{Account: "acct", Driver: "s3", Options: srv.Options(), HTTP: hc})
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

var containerSeq atomic.Int64

// mount mounts drv (wrapped to count calls) with opts in a fresh
// container; it is unmounted, and the container emptied, when the test
// ends.
func mount(t *testing.T, drv driver.Driver, opts vfs.Options) *mounted {
	t.Helper()
	return mountWith(t, drv, opts, Options{})
}

// mountWith is mount with the mount's own options.
func mountWith(t *testing.T, drv driver.Driver, opts vfs.Options, fopts Options) *mounted {
	t.Helper()
	ctx := context.Background()
	c := &calls{}
	acct := storage.New("acct", countCalls(drv, c))
	container := fmt.Sprintf("t%d-%d", os.Getpid(), containerSeq.Add(1))
	require.NoError(t, acct.CreateContainer(ctx, container))
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	v, err := vfs.New(map[string]*storage.Account{"acct": acct}, opts)
	require.NoError(t, err)
	mnt := t.TempDir()
	srv, err := Mount(mnt, v, fopts)
	require.NoError(t, err)
	t.Cleanup(func() {
		unmountForTest(t, srv, mnt, v)
		emptyContainer(acct, container)
	})
	return &mounted{mnt: mnt, dir: filepath.Join(mnt, "storage", "acct", container), container: container,
		v: v, srv: srv, acct: acct, drv: drv, calls: c}
}

// unmountForTest unmounts, lazily if the mount is still busy, and closes
// the VFS.
func unmountForTest(t *testing.T, srv *Server, mnt string, v *vfs.VFS) {
	var err error
	for range 50 {
		if !IsMounted(mnt) {
			err = nil
			break
		}
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

func emptyContainer(acct *storage.Account, container string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for o, err := range acct.List(ctx, container, nil) {
		if err != nil {
			break
		}
		_ = acct.Delete(ctx, container, o.Key)
	}
	ups, _ := acct.ListUploads(ctx, container, "")
	for _, u := range ups {
		_ = acct.AbortUpload(ctx, container, u)
	}
	_ = acct.DeleteContainer(ctx, container)
}

// object reads an object straight from the provider.
func (m *mounted) object(key string) ([]byte, error) {
	r, err := m.acct.NewReader(context.Background(), m.container, key, nil)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// stat stats an object straight at the provider.
func (m *mounted) stat(key string) (*storage.Attributes, error) {
	return m.acct.Stat(context.Background(), m.container, key)
}

// putObject writes an object straight to the provider.
func (m *mounted) putObject(t *testing.T, key string, data []byte) {
	t.Helper()
	w, err := m.acct.NewWriter(context.Background(), m.container, key, nil)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

// keys lists every key in the container, once the mount's background
// work (renamed objects' deletes, queued metadata) is done.
func (m *mounted) keys(t *testing.T) []string {
	t.Helper()
	m.v.Settle()
	var out []string
	for o, err := range m.acct.List(context.Background(), m.container, nil) {
		require.NoError(t, err)
		out = append(out, o.Key)
	}
	return out
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

// short names a test mount's file for messages.
func short(p string) string {
	if i := strings.Index(p, "/storage/"); i >= 0 {
		return p[i:]
	}
	return p
}

type vfsAccount = storage.Account

func memoryDriver() driver.Driver { return memory.New() }
