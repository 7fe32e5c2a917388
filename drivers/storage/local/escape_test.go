package local_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
)

// TestKeysCannotEscape calls the driver directly (the portable Account
// lets "../x" through: it is a fine S3 key) with keys that would leave
// the container or touch the reserved folders.
func TestKeysCannotEscape(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "root")
	d, err := local.New(root)
	require.NoError(t, err)
	ctx := t.Context()
	require.NoError(t, d.CreateContainer(ctx, "c"))
	require.NoError(t, os.WriteFile(filepath.Join(base, "secret"), []byte("outside"), 0o644))
	w, err := d.NewWriter(ctx, "c", "src", &driver.WriterOptions{SizeHint: -1})
	require.NoError(t, err)
	require.NoError(t, w.Close())

	bad := []string{
		"../secret", "../../secret", "a/../../secret", "/etc/passwd", "..", ".", "./a", "a/./b", "a/..",
		"a//b", "//", "/", "a\x00b", ".cloudfs-tmp/x", ".cloudfs-meta/x", ".cloudfs-tmp", ".cloudfs-meta/",
	}
	for _, k := range bad {
		_, err := d.Stat(ctx, "c", k)
		wantInvalid(t, err, "Stat %q", k)
		_, err = d.NewRangeReader(ctx, "c", k, 0, -1, &driver.ReaderOptions{})
		wantInvalid(t, err, "Read %q", k)
		_, err = d.NewWriter(ctx, "c", k, &driver.WriterOptions{SizeHint: -1})
		wantInvalid(t, err, "NewWriter %q", k)
		wantInvalid(t, d.Delete(ctx, "c", k), "Delete %q", k)
		wantInvalid(t, d.SetMetadata(ctx, "c", k, &driver.MetadataUpdate{}), "SetMetadata %q", k)
		wantInvalid(t, d.Copy(ctx, "c", k, "c", "src", nil), "Copy to %q", k)
		wantInvalid(t, d.Rename(ctx, "c", "src", k), "Rename to %q", k)
	}
	for _, c := range []string{"..", ".", "", "a/b", "../root"} {
		wantInvalid(t, d.CreateContainer(ctx, c), "CreateContainer %q", c)
		_, err := d.Stat(ctx, c, "k")
		wantInvalid(t, err, "Stat in container %q", c)
	}
	b, err := os.ReadFile(filepath.Join(base, "secret"))
	require.NoError(t, err)
	assert.Equal(t, "outside", string(b))
	assert.Equal(t, []string{"root/", "root/c/", "root/c/.cloudfs-tmp/", "root/c/src", "secret"}, tree(t, base), "nothing was made outside the container")
}

func wantInvalid(t *testing.T, err error, format string, args ...any) {
	t.Helper()
	assert.True(t, errs.Is(err, errs.InvalidArgument), append([]any{format + ": got %v"}, append(args, err)...)...)
}
