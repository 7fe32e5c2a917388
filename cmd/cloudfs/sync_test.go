package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	csync "github.com/cloudfs/cloudfs/sync"
)

func TestSyncCommand(t *testing.T) {
	e := newTestEnv(t)
	e.file("src/a.txt", "alpha")
	e.file("src/dir/b c.txt", "bravo")
	e.file("src/.git/HEAD", "ref")
	e.file("src/x.log", "log")
	src := filepath.Join(e.work, "src")

	_, stderr, code := e.run("sync", src, "local:bkt/backup")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "sync: 3 copied")
	assert.Equal(t, "alpha", e.ok("cat", "local:bkt/backup/a.txt"))
	assert.NotContains(t, e.ok("ls", "-R", "local:bkt/backup/"), "HEAD", "VCS folders are left out by default")

	_, stderr, _ = e.run("sync", src, "local:bkt/backup")
	assert.Contains(t, stderr, "sync: 0 copied (0 B), 0 deleted, 3 up to date")

	// dry run: the plan on stdout, nothing done
	require.NoError(t, os.Remove(filepath.Join(src, "a.txt")))
	e.file("src/new.txt", "new")
	out := e.ok("sync", "--dry-run", "--delete", "--exclude", "*.log", src, "local:bkt/backup")
	assert.Equal(t, "copy    new.txt  (new, 3 bytes)\ndelete  a.txt\n", out)
	assert.Equal(t, "alpha", e.ok("cat", "local:bkt/backup/a.txt"))

	// for real, with a status file
	status := filepath.Join(e.work, "status.json")
	e.ok("sync", "--delete", "--status-file", status, src, "local:bkt/backup")
	_, _, code = e.run("cat", "local:bkt/backup/a.txt")
	assert.Equal(t, 1, code, "a.txt was deleted")
	snap, err := csync.ReadStatus(status)
	require.NoError(t, err)
	assert.Equal(t, "idle", snap.State)
	assert.Equal(t, int64(1), snap.Counters.Copied)
	assert.Equal(t, int64(1), snap.Counters.Deleted)
	assert.Contains(t, e.ok("sync", "status", status), "deleted:      1")
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(e.ok("sync", "status", "--json", status)), &raw))
	assert.Equal(t, "idle", raw["state"])

	// back down, and across accounts
	restore := filepath.Join(e.work, "restore")
	e.ok("sync", "local:bkt/backup", restore)
	b, err := os.ReadFile(filepath.Join(restore, "dir", "b c.txt"))
	require.NoError(t, err)
	assert.Equal(t, "bravo", string(b))
	e.ok("sync", "local:bkt/backup", "other:copy")
	assert.Equal(t, "new", e.ok("cat", "other:copy/new.txt"))

	// --json: a JSON summary line on stderr
	_, stderr, code = e.run("sync", "--json", src, "local:bkt/backup")
	require.Equal(t, 0, code)
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(stderr)), &rec), stderr)
	assert.Equal(t, "sync finished", rec["msg"])
	assert.Equal(t, float64(3), rec["checked"])
}

func TestSyncCommandErrors(t *testing.T) {
	e := newTestEnv(t)
	src := filepath.Dir(e.file("src/a", "1"))
	assert.Contains(t, e.fails(2, "sync", "--checksum", "--size-only", src, "local:b"), "do not go together")
	assert.Contains(t, e.fails(2, "sync", src, filepath.Join(src, "inner")), "overlap")
	assert.Contains(t, e.fails(2, "sync", "local:b/x", "local:b/x/y"), "overlap")
	assert.Contains(t, e.fails(2, "sync", src, "local:"), "name a container")
	assert.Contains(t, e.fails(1, "sync", filepath.Join(e.work, "missing"), "local:b"), "no such file")
	assert.Contains(t, e.fails(1, "sync", "nosuch:b", src+"2"), "nosuch")
	assert.Contains(t, e.fails(2, "sync", src), "accepts 2 arg")
}

// TestSyncDaemon runs the real binary: --daemon --watch with a pid file, a
// log file and a status file; a change is pushed; SIGTERM stops it cleanly.
func TestSyncDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "cloudfs")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	e := newTestEnv(t)
	src := filepath.Dir(e.file("src/first", "1"))
	pid := filepath.Join(e.work, "sync.pid")
	status := filepath.Join(e.work, "status.json")
	logf := filepath.Join(e.work, "sync.log")
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, append([]string{"--config", e.cfg}, args...)...)
		var b bytes.Buffer
		cmd.Stdout, cmd.Stderr = &b, &b
		err := cmd.Run()
		return b.String(), err
	}
	msg, err := run("sync", "--daemon", "--watch", "--delete", "--debounce", "100ms",
		"--pid-file", pid, "--status-file", status, "--log-file", logf, src, "local:bkt")
	require.NoError(t, err, msg)
	b, err := os.ReadFile(pid)
	require.NoError(t, err, "the pid file is written before the parent returns")
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	require.NoError(t, err)
	proc, err := os.FindProcess(n)
	require.NoError(t, err)
	t.Cleanup(func() { _ = proc.Kill() })

	e.file("src/second", "2")
	deadline := time.Now().Add(15 * time.Second)
	for {
		if got, err := run("cat", "local:bkt/second"); err == nil && got == "2" {
			break
		}
		require.True(t, time.Now().Before(deadline), "the daemon did not push the change")
		time.Sleep(50 * time.Millisecond)
	}
	got, err := run("sync", "status", status)
	require.NoError(t, err)
	assert.Contains(t, got, "state:        watching")

	require.NoError(t, proc.Signal(syscall.SIGTERM))
	for proc.Signal(syscall.Signal(0)) == nil {
		require.True(t, time.Now().Before(deadline.Add(15*time.Second)), "the daemon did not stop on SIGTERM")
		time.Sleep(50 * time.Millisecond)
	}
	_, err = os.Stat(pid)
	assert.True(t, os.IsNotExist(err), "the pid file is removed on exit")
	snap, err := csync.ReadStatus(status)
	require.NoError(t, err)
	assert.Equal(t, "stopped", snap.State)
	logText, _ := os.ReadFile(logf)
	assert.Contains(t, string(logText), "sync watching")

	// a daemon that cannot start says why, before detaching
	msg, err = run("sync", "--daemon", "--watch", filepath.Join(e.work, "missing"), "local:bkt")
	require.Error(t, err)
	assert.Contains(t, msg, "no such file")
}
