package local_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
)

var modes = []string{"xattr", "sidecar"}

// open makes an account over root with one container "c".
func open(t *testing.T, root, mode string) *storage.Account {
	t.Helper()
	d, err := local.NewWithOptions(root, local.Options{Metadata: mode, NoSync: true}) // fsync changes nothing tested here
	require.NoError(t, err)
	a := storage.New("local", d)
	t.Cleanup(func() { a.Close() })
	if _, err := a.GetContainer(t.Context(), "c"); err != nil {
		require.NoError(t, a.CreateContainer(t.Context(), "c"))
	}
	return a
}

func put(t *testing.T, a *storage.Account, key, data string, opts *storage.WriterOptions) {
	t.Helper()
	w, err := a.NewWriter(t.Context(), "c", key, opts)
	require.NoError(t, err)
	_, err = io.WriteString(w, data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

func get(t *testing.T, a *storage.Account, key string) string {
	t.Helper()
	r, err := a.NewReader(t.Context(), "c", key, nil)
	require.NoError(t, err)
	defer r.Close()
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(b)
}

func keys(t *testing.T, a *storage.Account, opts *storage.ListOptions) []string {
	t.Helper()
	out := []string{}
	for o, err := range a.List(t.Context(), "c", opts) {
		require.NoError(t, err)
		out = append(out, o.Key)
	}
	return out
}

// tree lists every path under dir, relative and with "/" after
// directories, sorted.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			rel += "/"
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	require.NoError(t, err)
	sort.Strings(out)
	return out
}

// temps lists the files in the container's staging folder.
func temps(t *testing.T, root string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(root, "c", ".cloudfs-tmp"))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

var bg = context.Background()
