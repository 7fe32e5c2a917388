package local_test

import (
	"crypto/md5"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
)

// TestMetadataSurvivesReopen: content type, user metadata, mtime, ETag
// and markers are read back by a new driver on the same root.
func TestMetadataSurvivesReopen(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			root := t.TempDir()
			mtime := time.Date(2019, 5, 6, 7, 8, 9, 123456789, time.UTC)
			a := open(t, root, mode)
			put(t, a, "dir/obj.bin", "payload", &storage.WriterOptions{
				ContentType: "application/x-kept", Metadata: map[string]string{"Owner": "me"}, ModTime: mtime,
			})
			put(t, a, "marker/", "", &storage.WriterOptions{Metadata: map[string]string{"mode": "0755"}, ModTime: mtime})
			before, err := a.Stat(t.Context(), "c", "dir/obj.bin")
			require.NoError(t, err)
			require.NoError(t, a.Close())

			b := open(t, root, mode)
			after, err := b.Stat(t.Context(), "c", "dir/obj.bin")
			require.NoError(t, err)
			assert.Equal(t, "application/x-kept", after.ContentType)
			assert.Equal(t, map[string]string{"owner": "me"}, after.Metadata)
			assert.True(t, mtime.Equal(after.ModTime), "mtime %v, want %v", after.ModTime, mtime)
			assert.Equal(t, before.ETag, after.ETag)
			sum := md5.Sum([]byte("payload"))
			assert.Equal(t, hex.EncodeToString(sum[:]), after.ETag, "the ETag is the content's MD5")
			assert.Len(t, after.MD5, 16)
			m, err := b.Stat(t.Context(), "c", "marker/")
			require.NoError(t, err)
			assert.Equal(t, map[string]string{"mode": "0755"}, m.Metadata)
			assert.True(t, mtime.Equal(m.ModTime), "marker mtime %v, want %v", m.ModTime, mtime)
			assert.Equal(t, "payload", get(t, b, "dir/obj.bin"))

			// Other tools see the real mtime.
			fi, err := os.Stat(filepath.Join(root, "c", "dir", "obj.bin"))
			require.NoError(t, err)
			assert.True(t, mtime.Equal(fi.ModTime()), "file mtime %v, want %v", fi.ModTime(), mtime)
		})
	}
}

// TestOpen: the registry constructor's options.
func TestOpen(t *testing.T) {
	dataDir := t.TempDir()
	d, err := local.Open(t.Context(), params.Params{Account: "l", Driver: "local", DataDir: dataDir})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dataDir, "storage"), d.(*local.Driver).Root())
	require.NoError(t, d.CreateContainer(t.Context(), "box"))
	assert.DirExists(t, filepath.Join(dataDir, "storage", "box"))

	root := filepath.Join(t.TempDir(), "elsewhere")
	d, err = local.Open(t.Context(), params.Params{Options: map[string]string{"root": root, "metadata": "sidecar", "fsync": "false"}})
	require.NoError(t, err)
	assert.Equal(t, root, d.(*local.Driver).Root())

	_, err = local.Open(t.Context(), params.Params{Options: map[string]string{"root": root, "metadata": "bogus"}})
	wantInvalid(t, err, "metadata=bogus")
	_, err = local.Open(t.Context(), params.Params{Options: map[string]string{"root": root, "fsync": "maybe"}})
	wantInvalid(t, err, "fsync=maybe")
	_, err = local.Open(t.Context(), params.Params{})
	wantInvalid(t, err, "no root and no data dir")
}

// TestStaleTempsRemoved: New removes temporary files a crash left behind
// more than a day ago, and keeps recent ones (a write may be under way in
// another process).
func TestStaleTempsRemoved(t *testing.T) {
	root := t.TempDir()
	tmp := filepath.Join(root, "c", ".cloudfs-tmp")
	require.NoError(t, os.MkdirAll(tmp, 0o755))
	old := time.Now().Add(-48 * time.Hour).UnixNano()
	stale := filepath.Join(tmp, "w-"+itoa(old)+"-123")
	fresh := filepath.Join(tmp, "w-"+itoa(time.Now().UnixNano())+"-456")
	require.NoError(t, os.WriteFile(stale, []byte("x"), 0o644))
	require.NoError(t, os.WriteFile(fresh, []byte("x"), 0o644))
	_, err := local.New(root)
	require.NoError(t, err)
	assert.NoFileExists(t, stale)
	assert.FileExists(t, fresh)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
