package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/fs/fusefs"
	"github.com/cloudfs/cloudfs/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var built struct {
	once sync.Once
	dir  string
	err  error
	out  []byte
}

// TestMain removes the binaries mountBinaries built.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// mountBinaries builds cloudfs and mount.cloudfs side by side, once per
// test binary.
func mountBinaries(t *testing.T) (cloudfs, helper string) {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "cloudfs-mount-test-")
		if built.err != nil {
			return
		}
		for pkg, name := range map[string]string{".": "cloudfs", "../mount.cloudfs": "mount.cloudfs"} {
			built.out, built.err = exec.Command("go", "build", "-o", filepath.Join(built.dir, name), pkg).CombinedOutput()
			if built.err != nil {
				return
			}
		}
	})
	require.NoError(t, built.err, "go build: %s", built.out)
	return filepath.Join(built.dir, "cloudfs"), filepath.Join(built.dir, "mount.cloudfs")
}

// mountEnv is a config with one local storage account "local" (root
// holds its containers) with a container "bkt".
type mountEnv struct {
	t        *testing.T
	bin, cfg string
	root     string
	mnt      string
	env      []string
}

func newMountEnv(t *testing.T) *mountEnv {
	t.Helper()
	bin, _ := mountBinaries(t)
	home := t.TempDir()
	e := &mountEnv{t: t, bin: bin, root: t.TempDir(), mnt: t.TempDir(), cfg: filepath.Join(home, "config.toml")}
	require.NoError(t, os.WriteFile(e.cfg, []byte(fmt.Sprintf(`
[accounts.local]
kind = "storage"
driver = "local"
root = %q
containers = ["bkt"]
`, e.root)), 0o600))
	e.env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"), "CLOUDFS_CONFIG=", "CLOUDFS_DEBUG=")
	t.Cleanup(func() {
		if fusefs.IsMounted(e.mnt) {
			_ = fusefs.Unmount(e.mnt, true)
		}
	})
	return e
}

// cmd runs the binary and returns stdout+stderr and the exit status.
func (e *mountEnv) cmd(bin string, args ...string) (string, int) {
	c := exec.Command(bin, args...)
	c.Env = e.env
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	err := c.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errorsAs(err, &exit):
		return out.String(), exit.ExitCode()
	}
	e.t.Fatalf("%s: %v", bin, err)
	return "", -1
}

func errorsAs(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	if ok {
		*target = e
	}
	return ok
}

func (e *mountEnv) file(rel string) string {
	return filepath.Join(e.mnt, "storage", "local", "bkt", rel)
}

func TestMountDaemonAndUnmount(t *testing.T) {
	e := newMountEnv(t)
	out, code := e.cmd(e.bin, "--config", e.cfg, "mount", "--daemon", e.mnt)
	require.Equal(t, 0, code, out)
	require.True(t, fusefs.IsMounted(e.mnt), "mounted when --daemon returns")
	require.NoError(t, os.WriteFile(e.file("hello.txt"), []byte("hello"), 0o644))
	out, code = e.cmd(e.bin, "--config", e.cfg, "cat", "local:bkt/hello.txt")
	require.Equal(t, 0, code, out)
	assert.Equal(t, "hello", out)

	out, code = e.cmd(e.bin, "--config", e.cfg, "mount", "--daemon", e.mnt)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "already mounted")

	out, code = e.cmd(e.bin, "unmount", e.mnt)
	require.Equal(t, 0, code, out)
	assert.False(t, fusefs.IsMounted(e.mnt))
	out, code = e.cmd(e.bin, "unmount", e.mnt)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "not a cloudfs mount")
}

func TestMountDaemonReportsErrors(t *testing.T) {
	e := newMountEnv(t)
	out, code := e.cmd(e.bin, "--config", e.cfg, "mount", "--daemon", filepath.Join(e.mnt, "missing"))
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "no such file or directory")

	bad := filepath.Join(t.TempDir(), "bad.toml")
	require.NoError(t, os.WriteFile(bad, []byte("[accounts.s]\nkind = \"storage\"\ndriver = \"nosuch\"\n"), 0o600))
	out, code = e.cmd(e.bin, "--config", bad, "mount", "--daemon", e.mnt)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "nosuch", "the config error is reported before detaching")
	assert.False(t, fusefs.IsMounted(e.mnt))
}

// SIGTERM with a file still open for writing: the finished file is
// there, the unfinished one never reaches the provider, and the process
// exits cleanly with the mount gone.
func TestMountSIGTERM(t *testing.T) {
	e := newMountEnv(t)
	c := exec.Command(e.bin, "--config", e.cfg, "mount", e.mnt)
	c.Env = e.env
	var out testenv.TailBuffer // the child writes while the test reads
	c.Stdout, c.Stderr = &out, &out
	require.NoError(t, c.Start())
	exited := make(chan error, 1)
	go func() { exited <- c.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for !fusefs.IsMounted(e.mnt) {
		require.True(t, time.Now().Before(deadline), "not mounted: %s", out.String())
		time.Sleep(20 * time.Millisecond)
	}
	require.NoError(t, os.WriteFile(e.file("done.txt"), []byte("complete"), 0o644))
	f, err := os.Create(e.file("open.txt"))
	require.NoError(t, err)
	_, err = f.Write(bytes.Repeat([]byte("x"), 1<<20))
	require.NoError(t, err)

	require.NoError(t, c.Process.Signal(syscall.SIGTERM))
	assert.True(t, fusefs.WaitGone(e.mnt, 30*time.Second), "detached after SIGTERM")
	_ = f.Close() // the mount is gone: this descriptor's data is discarded
	select {
	case err := <-exited:
		require.NoError(t, err, "exit status; output:\n%s", out.String())
	case <-time.After(60 * time.Second):
		_ = c.Process.Kill()
		t.Fatalf("the mount did not exit after SIGTERM; output:\n%s", out.String())
	}
	got, code := e.cmd(e.bin, "--config", e.cfg, "cat", "local:bkt/done.txt")
	require.Equal(t, 0, code, got)
	assert.Equal(t, "complete", got)
	_, code = e.cmd(e.bin, "--config", e.cfg, "cat", "local:bkt/open.txt")
	assert.Equal(t, 1, code, "a file still open at SIGTERM is not uploaded")
}

// mount.cloudfs, as mount(8) and /etc/fstab run it.
func TestMountHelper(t *testing.T) {
	e := newMountEnv(t)
	_, helper := mountBinaries(t)
	require.NoError(t, os.MkdirAll(filepath.Join(e.root, "bkt"), 0o755))
	out, code := e.cmd(e.bin, "--config", e.cfg, "mkdir", "-p", "local:bkt")
	require.Equal(t, 0, code, out)
	out, code = e.cmd(helper, e.cfg, e.mnt, "-o", "ro,dir_cache_time=2s,_netdev,uid=1234")
	require.Equal(t, 0, code, out)
	require.True(t, fusefs.IsMounted(e.mnt))
	entries, err := os.ReadDir(filepath.Join(e.mnt, "storage", "local"))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	st, err := os.Stat(filepath.Join(e.mnt, "storage", "local", "bkt"))
	require.NoError(t, err)
	assert.EqualValues(t, 1234, st.Sys().(*syscall.Stat_t).Uid)
	assert.ErrorIs(t, os.WriteFile(e.file("no"), nil, 0o644), syscall.EROFS)
	out, code = e.cmd(e.bin, "unmount", e.mnt)
	require.Equal(t, 0, code, out)

	out, code = e.cmd(helper, e.cfg, e.mnt, "-o", "frobnicate")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `unknown option "frobnicate"`)
}
