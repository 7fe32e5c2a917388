package resfs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute"
	computememory "github.com/cloudfs/cloudfs/drivers/compute/memory"
	"github.com/cloudfs/cloudfs/drivers/dns"
	dnsmemory "github.com/cloudfs/cloudfs/drivers/dns/memory"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefile"
	"github.com/cloudfs/cloudfs/drivers/lb"
	lbmemory "github.com/cloudfs/cloudfs/drivers/lb/memory"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/fs/fusefs"
	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/stretchr/testify/require"
)

// env is a live test mount with one account of each kind on the memory
// drivers, and a second DNS account on the zonefile driver:
//
//	compute/lab/  dns/mem/  dns/zf/  lb/lab-lb/
type env struct {
	t       *testing.T
	mnt     string
	compute *compute.Account
	dnsMem  *dns.Account
	dnsZF   *dns.Account
	zfDir   string // the zonefile driver's directory
	lb      *lb.Account
}

// newEnv mounts the trees. Listings are not cached (ListTTL 1ns) unless
// opts says otherwise, so a test can change the provider through the API
// and look at once.
func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	zfDir := t.TempDir()
	zf, err := zonefile.New(zonefile.Options{Dir: zfDir})
	require.NoError(t, err)
	e := &env{
		t:       t,
		compute: compute.New(computememory.New(computememory.Options{SettlePolls: 5})),
		dnsMem:  dns.New(dnsmemory.New()),
		dnsZF:   dns.New(zf),
		zfDir:   zfDir,
		lb:      lb.New(lbmemory.New()),
	}
	if opts.ListTTL == 0 {
		opts.ListTTL = time.Nanosecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	trees := New(Accounts{
		Compute: map[string]*compute.Account{"lab": e.compute},
		DNS:     map[string]*dns.Account{"mem": e.dnsMem, "zf": e.dnsZF},
		LB:      map[string]*lb.Account{"lab-lb": e.lb},
		Failed:  map[string]Failure{"broken": {Kind: kindCompute, Err: errors.New("no credentials")}},
	}, opts)
	v, err := vfs.New(map[string]*storage.Account{}, vfs.Options{CacheDir: t.TempDir()})
	require.NoError(t, err)
	e.mnt = t.TempDir()
	srv, err := fusefs.Mount(e.mnt, v, fusefs.Options{Trees: trees})
	require.NoError(t, err)
	t.Cleanup(func() {
		var err error
		for range 50 {
			if err = srv.Unmount(); err == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			t.Logf("unmount %s: %v; detaching lazily", e.mnt, err)
			_ = srv.UnmountLazy()
			fusefs.WaitGone(e.mnt, 10*time.Second)
		}
		_ = v.Close(context.Background())
	})
	return e
}

// p is a path inside the mount.
func (e *env) p(rel string) string { return filepath.Join(e.mnt, rel) }

// write writes a file through the mount as `cat > file` does (create,
// truncate, write, close) and returns the first error, close's included.
func (e *env) write(rel, data string) error {
	return os.WriteFile(e.p(rel), []byte(data), 0o644)
}

func (e *env) read(rel string) string {
	e.t.Helper()
	b, err := os.ReadFile(e.p(rel))
	require.NoError(e.t, err)
	return string(b)
}

func (e *env) ls(rel string) []string {
	e.t.Helper()
	ents, err := os.ReadDir(e.p(rel))
	require.NoError(e.t, err)
	var out []string
	for _, d := range ents {
		out = append(out, d.Name())
	}
	return out
}

// errorsFile returns the account folder's .errors.
func (e *env) errorsOf(account string) string { return e.read(filepath.Join(account, ".errors")) }

// requireErrno checks err is the errno want.
func requireErrno(t *testing.T, err error, want syscall.Errno) {
	t.Helper()
	require.Error(t, err)
	var got syscall.Errno
	require.True(t, errors.As(err, &got), "%v is not an errno", err)
	require.Equal(t, want, got, "%v", err)
}

// ctx is a test context.
func ctx(t *testing.T) context.Context { return t.Context() }

// lines splits text into its non-empty lines.
func textLines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

type (
	computeSpec = compute.NodeSpec
	volumeSpec  = compute.VolumeSpec
)

// eventuallyGone waits for a name to disappear: the kernel may keep an
// entry it was told not to cache for a jiffy.
func (e *env) eventuallyGone(rel string) {
	e.t.Helper()
	require.Eventually(e.t, func() bool {
		_, err := os.Stat(e.p(rel))
		return errors.Is(err, os.ErrNotExist)
	}, 5*time.Second, 5*time.Millisecond, "%s is still there", rel)
}
