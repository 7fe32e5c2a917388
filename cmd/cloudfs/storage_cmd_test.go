package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/registry"
)

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestMkdirLsRmdir(t *testing.T) {
	e := newTestEnv(t)
	e.ok("mkdir", "local:box")
	assert.Equal(t, []string{"box/"}, lines(e.ok("ls", "local:")))
	assert.Equal(t, "cloudfs: mkdir local:box: container already exists\n", e.fails(1, "mkdir", "local:box"))
	e.ok("mkdir", "-p", "local:box")

	e.ok("mkdir", "local:box/sub/")
	e.ok("mkdir", "local:box/sub2")
	assert.Equal(t, []string{"sub/", "sub2/"}, lines(e.ok("ls", "local:box")))
	assert.Contains(t, e.fails(1, "mkdir", "local:box/sub"), "directory already exists")
	e.ok("mkdir", "-p", "local:box/sub")
	assert.Contains(t, e.fails(1, "mkdir", "local:nobox/sub"), "container not found")
	e.ok("mkdir", "-p", "local:newbox/sub")
	assert.Equal(t, []string{"sub/"}, lines(e.ok("ls", "local:newbox")))

	assert.Equal(t, "cloudfs: rmdir local:box: container not empty\n", e.fails(1, "rmdir", "local:box"))
	e.ok("rmdir", "local:box/sub")
	e.ok("rmdir", "local:box/sub2/")
	assert.Contains(t, e.fails(1, "rmdir", "local:box/sub"), "directory not found")
	e.ok("rmdir", "local:box")
	assert.Equal(t, "cloudfs: rmdir local:box: container not found\n", e.fails(1, "rmdir", "local:box"))
	assert.Equal(t, []string{"newbox/"}, lines(e.ok("ls", "local:")))
}

func TestLsMissingContainer(t *testing.T) {
	e := newTestEnv(t)
	assert.Equal(t, "cloudfs: ls local:nope: container not found\n", e.fails(1, "ls", "local:nope"))
	assert.Equal(t, "cloudfs: ls local:nope/a/b: container not found\n", e.fails(1, "ls", "local:nope/a/b"))
	e.ok("mkdir", "local:box")
	assert.Equal(t, "cloudfs: ls local:box/nothing: no such object or directory\n", e.fails(1, "ls", "local:box/nothing"))
	assert.Empty(t, e.ok("ls", "local:box"), "an empty container lists nothing, successfully")
}

func TestUnknownAccount(t *testing.T) {
	e := newTestEnv(t)
	msg := e.fails(1, "ls", "nope:box")
	assert.Contains(t, msg, "ls nope:box: account nope: no such storage account")
	assert.Contains(t, msg, "local, other", "names the known accounts")
	assert.Contains(t, e.fails(1, "ls", "nope:"), "cloudfs: ls nope: account nope: no such storage account", "one colon after an account alone")
	assert.Contains(t, e.fails(1, "cp", e.file("a", "x"), "nope:box/a"), "account nope")
}

func TestBadDriverInConfig(t *testing.T) {
	e := newTestEnv(t, "[accounts.broken]\nkind = \"storage\"\ndriver = \"s4\"\n")
	msg := e.fails(1, "ls", "local:")
	assert.Contains(t, msg, e.cfg)
	assert.Contains(t, msg, "accounts.broken.driver")
	assert.Contains(t, msg, `"s4"`)
	// Commands that need no config still work.
	e.ok("version")
	e.ok("drivers")
}

func TestLsLongAndRecursive(t *testing.T) {
	e := newTestEnv(t)
	e.ok("mkdir", "local:box")
	mtime := time.Date(2021, 3, 4, 5, 6, 7, 0, time.Local)
	for _, name := range []string{"a.txt", "d/b.txt", "d/e/c.txt"} {
		p := e.file(name, "hello "+name)
		require.NoError(t, os.Chtimes(p, mtime, mtime))
		e.ok("cp", p, "local:box/"+name)
	}
	assert.Equal(t, []string{"a.txt", "d/"}, lines(e.ok("ls", "local:box")))
	assert.Equal(t, []string{"b.txt", "e/"}, lines(e.ok("ls", "local:box/d")))
	assert.Equal(t, []string{"b.txt", "e/"}, lines(e.ok("ls", "local:box/d/")))
	assert.Equal(t, []string{"a.txt", "d/b.txt", "d/e/c.txt"}, lines(e.ok("ls", "-R", "local:box")))
	long := lines(e.ok("ls", "-l", "local:box"))
	require.Len(t, long, 2)
	assert.Equal(t, strings.Fields("11 2021-03-04 05:06:07 a.txt"), strings.Fields(long[0]))
	assert.Equal(t, strings.Fields("- - d/"), strings.Fields(long[1]))
	one := e.ok("ls", "-l", "local:box/d/b.txt")
	assert.Equal(t, strings.Fields("13 2021-03-04 05:06:07 d/b.txt"), strings.Fields(one))
	// Accounts, and local directories.
	assert.Equal(t, []string{"local:", "other:"}, lines(e.ok("ls")))
	assert.Equal(t, []string{"a.txt", "d/"}, lines(e.ok("ls", e.work)))
	assert.Equal(t, []string{"a.txt", "d/", "d/b.txt", "d/e/", "d/e/c.txt"}, lines(e.ok("ls", "-R", e.work)))
}

func TestCpRoundTrip(t *testing.T) {
	e := newTestEnv(t)
	e.ok("mkdir", "local:box")
	content := strings.Repeat("cloudfs ", 100000) // 800 kB
	src := e.file("page.html", content)
	mtime := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	require.NoError(t, os.Chtimes(src, mtime, mtime))

	e.ok("cp", src, "local:box/dir/page.html")
	assert.Equal(t, content, e.ok("cat", "local:box/dir/page.html"))

	// The object kept the file's mtime and got a content type.
	cfg, err := config.Load(e.cfg)
	require.NoError(t, err)
	reg := registry.New(cfg)
	defer reg.Close()
	acct, err := reg.Storage(t.Context(), "local")
	require.NoError(t, err)
	attrs, err := acct.Stat(t.Context(), "box", "dir/page.html")
	require.NoError(t, err)
	assert.True(t, mtime.Equal(attrs.ModTime), "mtime %v, want %v", attrs.ModTime, mtime)
	assert.Equal(t, "text/html; charset=utf-8", attrs.ContentType)
	assert.EqualValues(t, len(content), attrs.Size)

	// Into a directory (the container root), and back to a local directory.
	e.ok("cp", src, "local:box")
	assert.Equal(t, content, e.ok("cat", "local:box/page.html"))
	out := t.TempDir()
	e.ok("cp", "local:box/dir/page.html", out)
	got, err := os.ReadFile(filepath.Join(out, "page.html"))
	require.NoError(t, err)
	assert.Equal(t, content, string(got))
	st, err := os.Stat(filepath.Join(out, "page.html"))
	require.NoError(t, err)
	assert.True(t, mtime.Equal(st.ModTime()), "downloaded mtime %v", st.ModTime())
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temp file left behind")

	// To an explicit file name.
	e.ok("cp", "local:box/dir/page.html", filepath.Join(out, "renamed.html"))
	got, err = os.ReadFile(filepath.Join(out, "renamed.html"))
	require.NoError(t, err)
	assert.Equal(t, content, string(got))

	// Errors.
	assert.Contains(t, e.fails(1, "cp", "local:box/nope", out), "cp local:box/nope: no such object or directory")
	assert.Contains(t, e.fails(1, "cp", src, "local:nobox/x"), "container not found")
	assert.Contains(t, e.fails(2, "cp", "local:box/dir", out), "is a directory (use -r)")
	assert.Contains(t, e.fails(2, "cp", "local:box/page.html", "local:box/page.html"), "the same")
	assert.Contains(t, e.fails(2, "cp", src), "accepts 2 arg(s)")
}

func TestCpServerSideAndCrossAccount(t *testing.T) {
	e := newTestEnv(t)
	e.ok("mkdir", "local:box")
	e.ok("mkdir", "other:box2")
	e.ok("cp", e.file("a.txt", "alpha"), "local:box/a.txt")

	_, errOut, code := e.run("--log-level", "debug", "cp", "local:box/a.txt", "local:box/copy.txt")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "copy within the account")
	assert.Contains(t, errOut, "server_side=true")
	assert.Equal(t, "alpha", e.ok("cat", "local:box/copy.txt"))

	_, errOut, code = e.run("--log-level", "debug", "cp", "local:box/a.txt", "other:box2/b.txt")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "streaming copy across accounts")
	assert.Equal(t, "alpha", e.ok("cat", "other:box2/b.txt"))
	b, err := os.ReadFile(filepath.Join(e.other, "box2", "b.txt"))
	require.NoError(t, err, "the other account's root holds it")
	assert.Equal(t, "alpha", string(b))
}

func TestCpRecursive(t *testing.T) {
	e := newTestEnv(t)
	e.ok("mkdir", "local:box")
	files := map[string]string{"tree/a": "A", "tree/sub/b": "B", "tree/sub/deeper/c": "C"}
	for rel, content := range files {
		e.file(rel, content)
	}
	tree := filepath.Join(e.work, "tree")

	// Local to remote: into the container root, under the tree's name.
	e.ok("cp", "-r", "--transfers", "2", tree, "local:box")
	assert.Equal(t, []string{"tree/a", "tree/sub/b", "tree/sub/deeper/c"}, lines(e.ok("ls", "-R", "local:box")))
	// Remote to remote in one account, to a new name.
	e.ok("cp", "-r", "local:box/tree", "local:box/copy")
	assert.Equal(t, "C", e.ok("cat", "local:box/copy/sub/deeper/c"))
	// Across accounts, to an existing container root.
	e.ok("mkdir", "other:box2")
	e.ok("cp", "-r", "local:box/tree/sub", "other:box2")
	assert.Equal(t, []string{"sub/b", "sub/deeper/c"}, lines(e.ok("ls", "-R", "other:box2")))
	// Remote to local: an existing directory gets the tree inside it.
	out := t.TempDir()
	e.ok("mkdir", "local:box/tree/empty/")
	e.ok("cp", "-r", "local:box/tree", out)
	for rel, content := range files {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
		require.NoError(t, err, rel)
		assert.Equal(t, content, string(got), rel)
	}
	st, err := os.Stat(filepath.Join(out, "tree", "empty"))
	require.NoError(t, err, "a marker becomes a directory")
	assert.True(t, st.IsDir())
	// A missing destination becomes the copy.
	e.ok("cp", "-r", "local:box", filepath.Join(out, "whole"))
	got, err := os.ReadFile(filepath.Join(out, "whole", "copy", "a"))
	require.NoError(t, err)
	assert.Equal(t, "A", string(got))

	assert.Contains(t, e.fails(2, "cp", "-r", "local:box/tree", "local:box/tree/inner"), "into itself")
}

func TestCatAndRm(t *testing.T) {
	e := newTestEnv(t)
	e.ok("mkdir", "local:box")
	e.ok("cp", e.file("a", "one"), "local:box/a")
	e.ok("cp", e.file("b", "two"), "local:box/b")
	assert.Equal(t, "onetwo", e.ok("cat", "local:box/a", "local:box/b"))
	assert.Equal(t, "one", e.ok("cat", filepath.Join(e.work, "a")))
	assert.Equal(t, "cloudfs: cat local:box/zzz: object not found\n", e.fails(1, "cat", "local:box/zzz"))
	assert.Contains(t, e.fails(1, "cat", "local:nope/a"), "not found")

	e.ok("rm", "local:box/a")
	assert.Equal(t, "cloudfs: rm local:box/a: object not found\n", e.fails(1, "rm", "local:box/a"))
	assert.Equal(t, []string{"b"}, lines(e.ok("ls", "local:box")))

	for _, k := range []string{"d/x", "d/y/z", "dz"} {
		e.ok("cp", e.file("x", k), "local:box/"+k)
	}
	assert.Contains(t, e.fails(2, "rm", "local:box/d"), "rm -r")
	e.ok("rm", "-r", "local:box/d")
	assert.Equal(t, []string{"b", "dz"}, lines(e.ok("ls", "-R", "local:box")), "rm -r d leaves dz alone")
	assert.Contains(t, e.fails(1, "rm", "-r", "local:box/d"), "no such object or directory")
	e.ok("rm", "-r", "local:box")
	assert.Empty(t, e.ok("ls", "local:box"))
	e.ok("rmdir", "local:box")
	assert.Contains(t, e.fails(2, "rm", filepath.Join(e.work, "a")), "local")
}

func TestAccountsRedacted(t *testing.T) {
	e := newTestEnv(t, "[accounts.mem]\nkind = \"storage\"\ndriver = \"memory\"\ntoken = \"hunter2\"\naccess_key_id = \"AKIA1\"\n")
	out := e.ok("accounts")
	assert.Contains(t, out, "# config: "+e.cfg)
	assert.Contains(t, out, "token=****")
	assert.Contains(t, out, "access_key_id=AKIA1")
	assert.NotContains(t, out, "hunter2")
	js := e.ok("accounts", "--json")
	assert.Contains(t, js, `"token": "****"`)
	assert.NotContains(t, js, "hunter2")
}

func TestDriversAndVersion(t *testing.T) {
	e := newTestEnv(t)
	out := e.ok("drivers")
	assert.Contains(t, out, "KIND")
	assert.Regexp(t, `(?m)^storage\s+local\s`, out)
	assert.Regexp(t, `(?m)^storage\s+memory\s`, out)
	assert.Contains(t, e.ok("drivers", "--json"), `"name": "local"`)
	assert.Regexp(t, `^cloudfs \S+ \(go`, e.ok("version"))
	assert.Contains(t, e.fails(2, "version", "extra"), "unknown command")
}

func TestUsageErrors(t *testing.T) {
	e := newTestEnv(t)
	assert.Contains(t, e.fails(2, "ls", "--bogus"), "unknown flag")
	assert.Contains(t, e.fails(2, "ls", "a", "b"), "accepts between 0 and 1 arg(s)")
	assert.Contains(t, e.fails(2, "--log-level", "loud", "version"), "--log-level")
	assert.Contains(t, e.fails(2, "mkdir", "local:"), "name a container")
	assert.Contains(t, e.fails(1, "--config", filepath.Join(t.TempDir(), "none.toml"), "ls", "local:"), "none.toml")
}

func TestCompletion(t *testing.T) {
	e := newTestEnv(t)
	e.ok("mkdir", "local:box")
	e.ok("mkdir", "local:bag")
	e.ok("cp", e.file("f", "x"), "local:box/file.txt")
	out := e.ok("__complete", "ls", "lo")
	assert.Contains(t, out, "local:\n")
	assert.NotContains(t, out, "other:")
	out = e.ok("__complete", "cp", "local:b")
	assert.Contains(t, out, "local:box/\n")
	assert.Contains(t, out, "local:bag/\n")
	out = e.ok("__complete", "cat", "local:box/f")
	assert.Contains(t, out, "local:box/file.txt\n")
}
