package fusefs

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/hanwen/go-fuse/v2/fuse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDirectIO: with Options.DirectIO every read reaches the mount (a
// second read of the same bytes on one descriptor is not answered from
// the page cache), big and small reads return the object, and the file
// can still be mapped. Without it, the second read comes from the page
// cache.
func TestDirectIO(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz"), 100_000) // 3.6 MB
	for _, direct := range []bool{false, true} {
		t.Run(map[bool]string{false: "page-cache", true: "direct"}[direct], func(t *testing.T) {
			m := mountWith(t, memory.New(), vfs.Options{}, Options{DirectIO: direct, KernelReadAhead: -1})
			name := filepath.Join(m.dir, "big")
			require.NoError(t, os.WriteFile(name, data, 0o644))

			f, err := os.Open(name)
			require.NoError(t, err)
			defer f.Close()
			got, err := io.ReadAll(io.NewSectionReader(f, 0, int64(len(data))))
			require.NoError(t, err)
			require.True(t, bytes.Equal(data, got), "1st read")
			before := m.v.Stats().ReadBytes.Load()
			small := make([]byte, 8192)
			for off := 0; off < 1<<20; off += len(small) {
				n, err := f.ReadAt(small, int64(off))
				require.NoError(t, err)
				require.Equal(t, data[off:off+n], small[:n])
			}
			again := m.v.Stats().ReadBytes.Load() - before
			if direct {
				assert.GreaterOrEqual(t, again, int64(1<<20), "a second read reached the mount")
			} else {
				assert.Zero(t, again, "a second read came from the page cache")
			}

			if direct && m.srv.srv.KernelSettings().Flags64()&fuse.CAP_DIRECT_IO_ALLOW_MMAP == 0 {
				// a kernel before 6.6: such maps are refused
				_, err := mappedSum(t, name)
				assert.ErrorContains(t, err, "no such device")
				return
			}
			sum, err := mappedSum(t, name)
			require.NoError(t, err)
			assert.Equal(t, fmt.Sprintf("%x", sha256.Sum256(data)), sum, "mapped content")
		})
	}
}
