package fusefs

import (
	"os"
	"sort"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenameFile(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		require.NoError(t, os.WriteFile(m.path("a.txt"), []byte("A"), 0o644))
		require.NoError(t, os.WriteFile(m.path("b.txt"), []byte("B"), 0o644))
		require.NoError(t, os.Mkdir(m.path("sub"), 0o755))

		require.NoError(t, os.Rename(m.path("a.txt"), m.path("sub/c.txt")))
		expectObject(t, m, "sub/c.txt", "A")
		_, err := m.object("a.txt")
		assert.Error(t, err, "old key gone")

		// onto an existing file: replaced
		require.NoError(t, os.Rename(m.path("b.txt"), m.path("sub/c.txt")))
		expectObject(t, m, "sub/c.txt", "B")
		assert.Equal(t, []string{"sub/", "sub/c.txt"}, m.keys(t))

		// a file onto a directory, and a directory onto a file
		require.NoError(t, os.WriteFile(m.path("d.txt"), []byte("D"), 0o644))
		assert.ErrorIs(t, syscall.Rename(m.path("d.txt"), m.path("sub")), syscall.EISDIR)
		assert.ErrorIs(t, os.Rename(m.path("sub"), m.path("d.txt")), syscall.ENOTDIR)
	})
}

func TestRenameOpenFileUploadsOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		require.NoError(t, os.WriteFile(m.path("doc.txt"), []byte("old"), 0o644))
		// An editor's save: write a temp file, rename it over the
		// original before closing it.
		f, err := os.Create(m.path(".doc.txt.tmp"))
		require.NoError(t, err)
		_, err = f.WriteString("new version")
		require.NoError(t, err)
		m.calls.reset()
		require.NoError(t, os.Rename(m.path(".doc.txt.tmp"), m.path("doc.txt")))
		require.NoError(t, f.Close())
		expectObject(t, m, "doc.txt", "new version")
		assert.EqualValues(t, 1, m.calls.write.Load(), "one upload")
		assert.Zero(t, m.calls.copy.Load()+m.calls.rename.Load(), "no copy: the pending upload was retargeted")
		assert.Equal(t, []string{"doc.txt"}, m.keys(t))
	})
}

func TestRenameDir(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{Concurrency: 4})
		require.NoError(t, os.MkdirAll(m.path("src/deep/er"), 0o755))
		for _, name := range []string{"src/a", "src/deep/b", "src/deep/er/c"} {
			require.NoError(t, os.WriteFile(m.path(name), []byte(name), 0o644))
		}
		m.putObject(t, "src/implied/d", []byte("src/implied/d")) // no marker for implied/
		require.NoError(t, os.Symlink("a", m.path("src/link")))
		require.NoError(t, os.Rename(m.path("src"), m.path("dst")))
		want := []string{"dst/", "dst/a", "dst/deep/", "dst/deep/b", "dst/deep/er/", "dst/deep/er/c", "dst/implied/d", "dst/link.rclonelink"}
		assert.Equal(t, want, m.keys(t))
		for _, name := range []string{"dst/a", "dst/deep/b", "dst/deep/er/c", "dst/implied/d"} {
			got, err := os.ReadFile(m.path(name))
			require.NoError(t, err)
			assert.Equal(t, "src/"+name[4:], string(got))
		}
		_, err := os.Stat(m.path("src"))
		assert.True(t, os.IsNotExist(err))

		// onto an empty directory: replaced; onto a non-empty one: ENOTEMPTY
		require.NoError(t, os.Mkdir(m.path("empty"), 0o755))
		require.NoError(t, syscall.Rename(m.path("dst"), m.path("empty")))
		require.NoError(t, os.MkdirAll(m.path("full/x"), 0o755))
		assert.ErrorIs(t, syscall.Rename(m.path("empty"), m.path("full")), syscall.ENOTEMPTY)
		names, err := os.ReadDir(m.path("empty"))
		require.NoError(t, err)
		assert.Len(t, names, 4)
	})
}

func TestMkdirRmdir(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		require.NoError(t, os.Mkdir(m.path("d"), 0o755))
		assert.Equal(t, []string{"d/"}, m.keys(t), "a marker object")
		assert.ErrorIs(t, os.Mkdir(m.path("d"), 0o755), syscall.EEXIST)
		require.NoError(t, os.WriteFile(m.path("d/f"), nil, 0o644))
		assert.ErrorIs(t, syscall.Rmdir(m.path("d")), syscall.ENOTEMPTY)
		require.NoError(t, os.Remove(m.path("d/f")))
		require.NoError(t, syscall.Rmdir(m.path("d")))
		assert.Empty(t, m.keys(t))
		assert.ErrorIs(t, syscall.Rmdir(m.path("d")), syscall.ENOENT)
		assert.ErrorIs(t, os.Remove(m.path("nope")), syscall.ENOENT)
	})
}

func TestContainersAsDirectories(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		acctDir := m.mnt + "/storage/acct"
		name := m.container + "-extra"
		require.NoError(t, os.Mkdir(acctDir+"/"+name, 0o755))
		_, err := m.acct.GetContainer(t.Context(), name)
		require.NoError(t, err, "mkdir made a container")
		require.NoError(t, os.WriteFile(acctDir+"/"+name+"/x", []byte("x"), 0o644))
		assert.ErrorIs(t, syscall.Rmdir(acctDir+"/"+name), syscall.ENOTEMPTY)
		require.NoError(t, os.Remove(acctDir+"/"+name+"/x"))
		require.NoError(t, syscall.Rmdir(acctDir+"/"+name))
		_, err = m.acct.GetContainer(t.Context(), name)
		assert.Error(t, err, "rmdir deleted the container")
		entries, err := os.ReadDir(acctDir)
		require.NoError(t, err)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		assert.Contains(t, names, m.container)
		assert.NotContains(t, names, name)
	})
}

func TestMarkerlessPrefixes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		m.putObject(t, "a/b/c.txt", []byte("deep"))
		m.putObject(t, "a/top.txt", []byte("top"))
		st, err := os.Stat(m.path("a/b"))
		require.NoError(t, err)
		assert.True(t, st.IsDir())
		entries, err := os.ReadDir(m.path("a"))
		require.NoError(t, err)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name()+map[bool]string{true: "/"}[e.IsDir()])
		}
		sort.Strings(names)
		assert.Equal(t, []string{"b/", "top.txt"}, names)
		got, err := os.ReadFile(m.path("a/b/c.txt"))
		require.NoError(t, err)
		assert.Equal(t, "deep", string(got))
		// rmdir of a marker-less dir that still has files: ENOTEMPTY
		assert.ErrorIs(t, syscall.Rmdir(m.path("a/b")), syscall.ENOTEMPTY)
	})
}
