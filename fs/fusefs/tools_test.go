package fusefs

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/cloudfs/cloudfs/internal/testenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// run runs a command (never with its working directory in the mount:
// see go-fuse's notes on fork/exec and FUSE) and fails with its output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(testenv.Binary(t, name), args...).CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

// sourceTree makes a local tree of files of mixed sizes, with an empty
// directory and a symlink, and old mtimes.
func sourceTree(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	for i, rel := range []string{"a.txt", "b.bin", "sub/c.txt", "sub/deeper/d.json", "sub/deeper/e", "x y/space name.txt"} {
		p := filepath.Join(src, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		n := []int{0, 3 << 20, 100, 5000, 70000, 12}[i]
		b := make([]byte, n)
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		require.NoError(t, os.WriteFile(p, b, 0o644))
		mt := time.Date(2020, 1, 2, 3, 4, 5+i, 0, time.UTC)
		require.NoError(t, os.Chtimes(p, mt, mt))
	}
	require.NoError(t, os.Chmod(filepath.Join(src, "sub/deeper/e"), 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(src, "empty"), 0o755))
	require.NoError(t, os.Symlink("sub/c.txt", filepath.Join(src, "link")))
	return src
}

// sameTree compares names, kinds, sizes and contents (and symlink
// targets), and mtimes of files to the second when withTimes.
func sameTree(t *testing.T, want, got string, withTimes bool) {
	t.Helper()
	w, g := treeInfo(t, want, withTimes), treeInfo(t, got, withTimes)
	assert.Equal(t, w, g, "tree %s vs %s", want, short(got))
}

func treeInfo(t *testing.T, root string, withTimes bool) map[string]string {
	out := snapshot(t, root)
	for p := range out {
		full := filepath.Join(root, p)
		st, err := os.Lstat(full)
		require.NoError(t, err)
		if st.Mode()&os.ModeSymlink != 0 {
			target, err := os.Readlink(full)
			require.NoError(t, err)
			out[p] = "symlink " + target
			continue
		}
		if withTimes && st.Mode().IsRegular() {
			out[p] += fmt.Sprintf(" mtime %d mode %o", st.ModTime().Unix(), st.Mode().Perm())
		}
	}
	return out
}

func TestCpRecursive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		src := sourceTree(t)
		run(t, "cp", "-a", src, m.path("cp"))
		sameTree(t, src, m.path("cp"), true)
		back := filepath.Join(t.TempDir(), "back")
		run(t, "cp", "-a", m.path("cp"), back)
		sameTree(t, src, back, true)
	})
}

func TestRsync(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		src := sourceTree(t)
		dst := m.path("rs") + "/"
		m.calls.reset()
		run(t, "rsync", "-a", src+"/", dst)
		// Each temporary file is held at its close and uploaded by its
		// rename, straight to its final name (fs/vfs/hold.go).
		assert.Zero(t, m.calls.copy.Load()+m.calls.rename.Load()+m.calls.del.Load()+m.calls.setMeta.Load(),
			"no copy, rename, delete or metadata update")
		sameTree(t, src, dst, true)
		assert.Empty(t, keysWith(m.keys(t), "/."), "no rsync temp files left behind")

		// Nothing changed: rsync finds no file to transfer (mtimes and
		// sizes came back as written). Directories keep no times
		// (docs/SEMANTICS.md), so rsync itemizes them as "t" every run.
		out := run(t, "rsync", "-ai", src+"/", dst)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			assert.True(t, line == "" || strings.HasPrefix(line, ".d..t"), "a no-op rsync changed %q", line)
		}
		out = run(t, "rsync", "-ai", "--omit-dir-times", src+"/", dst)
		assert.Empty(t, strings.TrimSpace(out), "a no-op rsync -O")

		// Change files in place, same size and new size, and sync again
		// in place.
		require.NoError(t, os.WriteFile(filepath.Join(src, "sub/c.txt"), bytes.Repeat([]byte("z"), 100), 0o644))
		f, err := os.OpenFile(filepath.Join(src, "b.bin"), os.O_RDWR, 0)
		require.NoError(t, err)
		_, err = f.WriteAt([]byte("patched in the middle"), 1<<20)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		require.NoError(t, os.WriteFile(filepath.Join(src, "a.txt"), []byte("grew"), 0o644))
		run(t, "rsync", "-a", "--inplace", "--no-whole-file", src+"/", dst)
		sameTree(t, src, dst, true)
		run(t, "rsync", "-a", src+"/", dst)
		sameTree(t, src, dst, true)
	})
}

// With --write-back, rsync's renames return before the uploads, which
// land once each, at the final names, with the final metadata: what a
// fresh mount then shows is the source.
func TestRsyncWriteBack(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{WriteBack: true})
		src := sourceTree(t)
		m.calls.reset()
		run(t, "rsync", "-a", src+"/", m.path("wb")+"/")
		keys := m.keys(t) // Settle: what is still uploading lands first
		assert.Empty(t, keysWith(keys, "/."), "no rsync temp files left behind")
		assert.Zero(t, m.calls.copy.Load()+m.calls.rename.Load()+m.calls.del.Load()+m.calls.setMeta.Load(),
			"no copy, rename, delete or metadata update")
		assert.Positive(t, m.v.Stats().WroteBack.Load(), "renames wrote back")
		sameTree(t, src, m.path("wb"), true)
		// What the uploads stored (a listing shows no mode: see
		// docs/SEMANTICS.md, so a fresh mount's tree would not say).
		for rel, info := range treeInfo(t, src, true) {
			if !strings.HasPrefix(info, "file ") {
				continue
			}
			st, err := os.Stat(filepath.Join(src, rel))
			require.NoError(t, err)
			attrs, err := m.stat("wb/" + rel)
			require.NoError(t, err, rel)
			assert.Equal(t, st.ModTime().Unix(), attrs.ModTime.Unix(), rel)
			assert.Equal(t, fmt.Sprintf("100%o", st.Mode().Perm()), attrs.Metadata[vfs.ModeKey], rel)
		}
	})
}

func keysWith(keys []string, sub string) []string {
	var out []string
	for _, k := range keys {
		if strings.Contains(k, sub) {
			out = append(out, k)
		}
	}
	return out
}

func TestTarExtract(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		src := sourceTree(t)
		tarball := filepath.Join(t.TempDir(), "t.tar")
		run(t, "tar", "-cf", tarball, "-C", src, ".")
		require.NoError(t, os.Mkdir(m.path("tar"), 0o755))
		run(t, "tar", "-xf", tarball, "-C", m.path("tar"))
		sameTree(t, src, m.path("tar"), true)
		// and back out of the mount
		tarball2 := filepath.Join(t.TempDir(), "t2.tar")
		run(t, "tar", "-cf", tarball2, "-C", m.path("tar"), ".")
		out := filepath.Join(t.TempDir(), "out")
		require.NoError(t, os.Mkdir(out, 0o755))
		run(t, "tar", "-xf", tarball2, "-C", out)
		sameTree(t, src, out, true)
	})
}

// dd of a file four times bigger than the whole read-ahead budget, in and
// out: memory stays within the budget and the bytes survive.
func TestDdBeyondReadAheadBudget(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		const budget = 4 << 20
		m := mount(t, b.open(t), vfs.Options{ReadAheadMax: budget, ReadAheadTotal: budget})
		local := filepath.Join(t.TempDir(), "big")
		run(t, "dd", "if=/dev/urandom", "of="+local, "bs=1M", "count=20", "status=none")
		run(t, "dd", "if="+local, "of="+m.path("big"), "bs=1M", "status=none")
		// Until the kernel releases the written file, its local copy
		// answers reads: wait, so that the read below is remote.
		require.Eventually(t, func() bool { return m.v.OpenFiles() == 0 }, 10*time.Second, 10*time.Millisecond)
		back := filepath.Join(t.TempDir(), "back")
		run(t, "dd", "if="+m.path("big"), "of="+back, "bs=1M", "status=none")
		run(t, "cmp", local, back)
		st := m.v.Stats()
		assert.LessOrEqual(t, st.ReadAheadPeak(), int64(budget))
		assert.Positive(t, st.Chunks.Load())
		assert.EqualValues(t, 1, st.Streamed.Load(), "dd's write streamed")
		assert.Zero(t, st.Staged.Load())
	})
}

// An editor's save: swap file, new file, rename over the original,
// remove the swap file. Then the same with a real vi.
func TestEditorSave(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		doc := m.path("notes.txt")
		require.NoError(t, os.WriteFile(doc, []byte("line one\nold line\n"), 0o644))

		swp := m.path(".notes.txt.swp")
		require.NoError(t, os.WriteFile(swp, []byte("swap state"), 0o600))
		tmp := m.path("notes.txt.new")
		f, err := os.Create(tmp)
		require.NoError(t, err)
		_, err = f.WriteString("line one\nnew line\n")
		require.NoError(t, err)
		require.NoError(t, f.Sync())
		require.NoError(t, f.Close())
		require.NoError(t, os.Rename(tmp, doc))
		require.NoError(t, os.Remove(swp))
		expectObject(t, m, "notes.txt", "line one\nnew line\n")
		assert.Equal(t, []string{"notes.txt"}, m.keys(t))

		run(t, "vi", "-es", "-u", "NONE", "-i", "NONE", "-c", "%s/new/edited/", "-c", "wq", doc)
		expectObject(t, m, "notes.txt", "line one\nedited line\n")
		assert.Equal(t, []string{"notes.txt"}, m.keys(t), "no swap or backup file left")
	})
}

// A script's atomic replace: mktemp makes an empty file with a temporary
// name (held, fs/vfs/hold.go), the shell writes it again, mv renames it.
// The object is what the shell wrote, and nothing is left at the
// temporary name.
func TestMktempWriteRename(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		dir := m.path("etc")
		require.NoError(t, os.Mkdir(dir, 0o755))
		script := `set -e; tmp=$(mktemp -p "$1" .conf.XXXXXX); printf 'generated\n' > "$tmp"; chmod 644 "$tmp"; mv "$tmp" "$1/conf"`
		run(t, "sh", "-c", script, "sh", dir)
		expectObject(t, m, "etc/conf", "generated\n")
		assert.Equal(t, []string{"etc/", "etc/conf"}, m.keys(t))
	})
}
