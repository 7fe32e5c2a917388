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
