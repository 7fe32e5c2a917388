package local_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// TestFileDirConflicts: a key cannot be a file and a directory at once;
// the driver says AlreadyExists and changes nothing.
func TestFileDirConflicts(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			root := t.TempDir()
			a := open(t, root, mode)
			ctx := t.Context()
			put(t, a, "file", "f", nil)
			put(t, a, "dir/child", "c", nil)

			for _, tc := range []struct{ key, why string }{
				{"file/under", "a file is in the way"},
				{"file/deep/under", "a file is in the way, higher up"},
				{"file/", "a marker where a file is"},
				{"dir", "a file where a directory is"},
			} {
				w, err := a.NewWriter(ctx, "c", tc.key, nil)
				if err == nil {
					err = w.Close()
				}
				assert.True(t, errs.Is(err, errs.AlreadyExists), "%s (%s): %v", tc.key, tc.why, err)
				assert.NotContains(t, err.Error(), "not a directory", "raw syscall text")
			}
			err := a.Rename(ctx, "c", "file", "dir")
			assert.True(t, errs.Is(err, errs.AlreadyExists), "rename onto a directory: %v", err)
			err = a.Rename(ctx, "c", "dir/child", "file/child")
			assert.True(t, errs.Is(err, errs.AlreadyExists), "rename under a file: %v", err)
			err = a.Copy(ctx, "c", "file/x", "c", "dir/child", nil)
			assert.True(t, errs.Is(err, errs.AlreadyExists), "copy under a file: %v", err)

			assert.Equal(t, []string{"dir/child", "file"}, keys(t, a, nil))
			assert.Equal(t, "f", get(t, a, "file"))
			assert.Equal(t, "c", get(t, a, "dir/child"))
			assert.Empty(t, temps(t, root))
		})
	}
}

// TestEmptyParentsPruned: deleting or renaming the last object under a
// prefix removes the directories left empty, but not markers and not the
// container.
func TestEmptyParentsPruned(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			root := t.TempDir()
			a := open(t, root, mode)
			ctx := t.Context()
			cdir := filepath.Join(root, "c")
			put(t, a, "a/b/c/d", "x", nil)
			put(t, a, "a/keep", "x", nil)
			put(t, a, "m/", "", nil)
			put(t, a, "m/n/o", "x", nil)

			require.NoError(t, a.Delete(ctx, "c", "a/b/c/d"))
			assert.NoDirExists(t, filepath.Join(cdir, "a", "b"))
			assert.DirExists(t, filepath.Join(cdir, "a"))
			require.NoError(t, a.Rename(ctx, "c", "a/keep", "z"))
			assert.NoDirExists(t, filepath.Join(cdir, "a"))

			require.NoError(t, a.Delete(ctx, "c", "m/n/o"))
			assert.NoDirExists(t, filepath.Join(cdir, "m", "n"))
			assert.DirExists(t, filepath.Join(cdir, "m"), "a marker keeps its directory")
			assert.Equal(t, []string{"m/", "z"}, keys(t, a, nil))

			require.NoError(t, a.Delete(ctx, "c", "z"))
			require.NoError(t, a.Delete(ctx, "c", "m/"))
			assert.DirExists(t, cdir, "the container stays")
			assert.Empty(t, keys(t, a, nil))
			require.NoError(t, a.DeleteContainer(ctx, "c"))
			assert.NoDirExists(t, cdir)
		})
	}
}

// TestMarkerWithChildren: deleting a marker whose directory holds objects
// keeps them; the directory is then only a prefix.
func TestMarkerWithChildren(t *testing.T) {
	a := open(t, t.TempDir(), "")
	ctx := t.Context()
	put(t, a, "d/", "", nil)
	put(t, a, "d/x", "x", nil)
	assert.Equal(t, []string{"d/", "d/x"}, keys(t, a, nil))
	require.NoError(t, a.Delete(ctx, "c", "d/"))
	assert.Equal(t, []string{"d/x"}, keys(t, a, nil))
	_, err := a.Stat(ctx, "c", "d/")
	assert.True(t, errs.Is(err, errs.NotFound), "%v", err)
	assert.True(t, errs.Is(a.Delete(ctx, "c", "d/"), errs.NotFound))
	assert.Equal(t, "x", get(t, a, "d/x"))

	// A marker cannot hold data here.
	w, err := a.NewWriter(ctx, "c", "e/", nil)
	require.NoError(t, err)
	_, err = w.Write([]byte("data"))
	assert.True(t, errs.Is(err, errs.InvalidArgument), "%v", err)
	w.Abort()

	// A rename of a marker moves the marker only.
	put(t, a, "d/", "", &storage.WriterOptions{Metadata: map[string]string{"k": "v"}})
	require.NoError(t, a.Rename(ctx, "c", "d/", "e/"))
	assert.Equal(t, []string{"d/x", "e/"}, keys(t, a, nil))
	attrs, err := a.Stat(ctx, "c", "e/")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"k": "v"}, attrs.Metadata)
}

// TestForeignFiles: files and directories made by other tools are listed;
// without stored metadata the ETag is "<mtime ns hex>-<size hex>", the
// content type is guessed and an empty directory is a marker. A file
// changed behind the driver's back gets a new ETag.
func TestForeignFiles(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			root := t.TempDir()
			a := open(t, root, mode)
			ctx := t.Context()
			cdir := filepath.Join(root, "c")
			require.NoError(t, os.MkdirAll(filepath.Join(cdir, "docs", "empty"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(cdir, "docs", "page.html"), []byte("<p>hi</p>"), 0o644))
			mtime := time.Unix(1600000000, 0)
			require.NoError(t, os.Chtimes(filepath.Join(cdir, "docs", "page.html"), mtime, mtime))

			assert.Equal(t, []string{"docs/empty/", "docs/page.html"}, keys(t, a, nil))
			attrs, err := a.Stat(ctx, "c", "docs/page.html")
			require.NoError(t, err)
			assert.Equal(t, "text/html; charset=utf-8", attrs.ContentType)
			assert.Equal(t, fmt.Sprintf("%x-%x", mtime.UnixNano(), 9), attrs.ETag)
			assert.Empty(t, attrs.MD5)
			assert.True(t, mtime.Equal(attrs.ModTime))

			put(t, a, "ours", "v1", nil)
			ours, err := a.Stat(ctx, "c", "ours")
			require.NoError(t, err)
			later := time.Now().Add(time.Hour)
			require.NoError(t, os.WriteFile(filepath.Join(cdir, "ours"), []byte("v2 by another tool"), 0o644))
			require.NoError(t, os.Chtimes(filepath.Join(cdir, "ours"), later, later))
			changed, err := a.Stat(ctx, "c", "ours")
			require.NoError(t, err)
			assert.NotEqual(t, ours.ETag, changed.ETag, "a changed file kept its old ETag")
			assert.Equal(t, int64(len("v2 by another tool")), changed.Size)
		})
	}
}

// TestSidecarsFollowObjects: in sidecar mode, a rename moves the sidecar,
// a delete removes it, and none is ever listed.
func TestSidecarsFollowObjects(t *testing.T) {
	root := t.TempDir()
	a := open(t, root, "sidecar")
	ctx := t.Context()
	put(t, a, "a", "x", &storage.WriterOptions{ContentType: "text/x-a", Metadata: map[string]string{"k": "v"}})
	put(t, a, "m/", "", &storage.WriterOptions{Metadata: map[string]string{"k": "m"}})
	assert.Len(t, sidecars(t, root), 2)
	require.NoError(t, a.Rename(ctx, "c", "a", "b/c"))
	attrs, err := a.Stat(ctx, "c", "b/c")
	require.NoError(t, err)
	assert.Equal(t, "text/x-a", attrs.ContentType)
	assert.Equal(t, map[string]string{"k": "v"}, attrs.Metadata)
	require.NoError(t, a.Copy(ctx, "c", "d", "c", "b/c", nil))
	assert.Len(t, sidecars(t, root), 3)
	assert.Equal(t, []string{"b/c", "d", "m/"}, keys(t, a, nil))
	for _, k := range []string{"b/c", "d", "m/"} {
		require.NoError(t, a.Delete(ctx, "c", k))
	}
	assert.Empty(t, sidecars(t, root), "sidecars left after every object was deleted")
}

// sidecars lists the sidecar files of container c.
func sidecars(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	for _, p := range tree(t, filepath.Join(root, "c", ".cloudfs-meta")) {
		if filepath.Ext(p) == ".json" {
			out = append(out, p)
		}
	}
	return out
}
