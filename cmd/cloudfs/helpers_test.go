package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// testEnv is a throwaway config with two local-directory storage accounts,
// "local" and "other", under t.TempDir().
type testEnv struct {
	t      *testing.T
	cfg    string
	root   string // the "local" account's root
	other  string // the "other" account's root
	work   string // a scratch local directory
	extras string // extra TOML appended to the config
}

func newTestEnv(t *testing.T, extraTOML ...string) *testEnv {
	t.Helper()
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("CLOUDFS_CONFIG", "")
	t.Setenv("CLOUDFS_DEBUG", "")
	e := &testEnv{t: t, root: t.TempDir(), other: t.TempDir(), work: t.TempDir()}
	text := fmt.Sprintf(`
[accounts.local]
kind = "storage"
driver = "local"
root = %q

[accounts.other]
kind = "storage"
driver = "local"
root = %q
`, e.root, e.other) + strings.Join(extraTOML, "\n")
	e.cfg = filepath.Join(home, "config.toml")
	require.NoError(t, os.WriteFile(e.cfg, []byte(text), 0o600))
	return e
}

// run executes one command line in-process.
func (e *testEnv) run(args ...string) (stdout, stderr string, code int) {
	e.t.Helper()
	var out, errb bytes.Buffer
	code = execute(e.t.Context(), append([]string{"--config", e.cfg}, args...), strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// ok runs a command that must succeed and returns its stdout.
func (e *testEnv) ok(args ...string) string {
	e.t.Helper()
	out, errOut, code := e.run(args...)
	require.Equal(e.t, 0, code, "cloudfs %s: %s", strings.Join(args, " "), errOut)
	return out
}

// fails runs a command that must fail with code and returns its stderr,
// which must be one line.
func (e *testEnv) fails(code int, args ...string) string {
	e.t.Helper()
	out, errOut, got := e.run(args...)
	require.Equal(e.t, code, got, "cloudfs %s: stdout %q stderr %q", strings.Join(args, " "), out, errOut)
	require.True(e.t, strings.HasPrefix(errOut, "cloudfs: "), "stderr %q", errOut)
	require.Equal(e.t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
	return errOut
}

// file writes a scratch file and returns its path.
func (e *testEnv) file(rel, content string) string {
	e.t.Helper()
	p := filepath.Join(e.work, filepath.FromSlash(rel))
	require.NoError(e.t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(e.t, os.WriteFile(p, []byte(content), 0o644))
	return p
}
