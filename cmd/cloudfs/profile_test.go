package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCPUProfile: --cpuprofile leaves a profile pprof can parse once the
// command returns, and a path it cannot create is a clear error.
func TestCPUProfile(t *testing.T) {
	e := newTestEnv(t)
	e.file("a.txt", "hello")
	out := filepath.Join(t.TempDir(), "cpu.prof")
	e.ok("--cpuprofile", out, "ls", "local:")
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Greater(t, len(b), 2)
	assert.Equal(t, []byte{0x1f, 0x8b}, b[:2], "a pprof profile is gzipped protobuf")

	msg := e.fails(1, "--cpuprofile", filepath.Join(t.TempDir(), "no", "such", "dir", "cpu.prof"), "ls", "local:")
	assert.Contains(t, msg, "--cpuprofile")
}

// TestDaemonParentDoesNotProfile: with --daemon, only the detached child
// (marked by its environment) writes the --cpuprofile file.
func TestDaemonParentDoesNotProfile(t *testing.T) {
	for _, name := range []string{"mount", "sync"} {
		cmd := newRootCommand()
		sub, _, err := cmd.Find([]string{name})
		require.NoError(t, err)
		assert.False(t, daemonParent(sub), "%s without --daemon", name)
		require.NoError(t, sub.Flags().Set("daemon", "true"))
		assert.True(t, daemonParent(sub), "%s --daemon: the parent", name)
		t.Setenv(mountDaemon.env, "1")
		t.Setenv(syncDaemon.env, "1")
		assert.False(t, daemonParent(sub), "%s --daemon: the child", name)
		t.Setenv(mountDaemon.env, "")
		t.Setenv(syncDaemon.env, "")
	}
}
