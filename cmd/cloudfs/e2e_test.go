package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary builds the real binary and runs it, to prove main's wiring:
// the exit status and the one-line error on stderr.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "cloudfs")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	home := t.TempDir()
	env := append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"CLOUDFS_CONFIG=", "CLOUDFS_DEBUG=")
	run := func(args ...string) (string, string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return stdout.String(), stderr.String(), code
	}

	// The embedded default: a "local" account with a "demo" container.
	stdout, stderr, code := run("ls", "local:")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "demo/\n", stdout)
	_, err = os.Stat(filepath.Join(home, "data", "cloudfs", "storage", "demo"))
	assert.NoError(t, err, "the default local root is under XDG_DATA_HOME")

	stdout, stderr, code = run("ls", "local:nope")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "cloudfs: ls local:nope: container not found\n", stderr)

	_, stderr, code = run("ls", "--bogus")
	assert.Equal(t, 2, code)
	assert.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
}
