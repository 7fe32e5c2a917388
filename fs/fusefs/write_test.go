package fusefs

import (
	"bytes"
	"errors"
	"os"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/hanwen/go-fuse/v2/fuse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStreamingWriteThenRead(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		data := pattern(24<<20 + 12345)
		f, err := os.Create(m.path("big.bin"))
		require.NoError(t, err)
		for off := 0; off < len(data); off += 1 << 20 {
			_, err := f.Write(data[off:min(off+1<<20, len(data))])
			require.NoError(t, err)
		}
		require.NoError(t, f.Close())
		got, err := m.object("big.bin")
		require.NoError(t, err)
		assert.True(t, bytes.Equal(data, got), "object content")
		st := m.v.Stats()
		assert.EqualValues(t, 1, st.Streamed.Load(), "streamed while written")
		assert.Zero(t, st.Staged.Load(), "never staged")
		back, err := os.ReadFile(m.path("big.bin"))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(data, back), "read back through the mount")
		assert.Positive(t, st.Chunks.Load(), "read ahead")
		attrs, err := m.stat("big.bin")
		require.NoError(t, err)
		assert.Equal(t, "application/octet-stream", attrs.ContentType)
	})
}

func TestContentTypeFromExtension(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		require.NoError(t, os.WriteFile(m.path("page.html"), []byte("<p>hi</p>"), 0o644))
		attrs, err := m.stat("page.html")
		require.NoError(t, err)
		assert.Equal(t, "text/html; charset=utf-8", attrs.ContentType)
	})
}

func TestFailedUploadFailsClose(t *testing.T) {
	m := mount(t, memory.New(), vfs.Options{})
	drv := m.drv.(*memory.Driver)
	f, err := os.Create(m.path("doomed.txt"))
	require.NoError(t, err)
	_, err = f.Write(pattern(3 << 20))
	require.NoError(t, err)
	drv.FailNext(memory.OpCommit, nil) // a Transient error at commit
	err = f.Close()
	require.Error(t, err)
	assert.True(t, errors.Is(err, syscall.EIO), "close: %v", err)
	_, err = m.object("doomed.txt")
	assert.Error(t, err, "no object, whole or partial")
	_, err = os.Stat(m.path("doomed.txt"))
	assert.True(t, os.IsNotExist(err), "the name is gone: %v", err)

	// fsync reports it too, and the file can be written again after.
	f, err = os.Create(m.path("doomed.txt"))
	require.NoError(t, err)
	_, err = f.Write([]byte("second try"))
	require.NoError(t, err)
	drv.FailNext(memory.OpCommit, nil)
	assert.ErrorIs(t, f.Sync(), syscall.EIO)
	f.Close()
	require.NoError(t, os.WriteFile(m.path("doomed.txt"), []byte("third"), 0o644))
	got, err := m.object("doomed.txt")
	require.NoError(t, err)
	assert.Equal(t, "third", string(got))
}

func TestOverwriteAppendTruncatePwrite(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		p := m.path("f.txt")
		require.NoError(t, os.WriteFile(p, []byte("hello world"), 0o644))
		expectObject(t, m, "f.txt", "hello world")

		// overwrite (O_TRUNC)
		require.NoError(t, os.WriteFile(p, []byte("HELLO"), 0o644))
		expectObject(t, m, "f.txt", "HELLO")

		// append
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
		require.NoError(t, err)
		_, err = f.WriteString(", world")
		require.NoError(t, err)
		require.NoError(t, f.Close())
		expectObject(t, m, "f.txt", "HELLO, world")

		// pwrite in place, read back through the same descriptor
		f, err = os.OpenFile(p, os.O_RDWR, 0)
		require.NoError(t, err)
		_, err = f.WriteAt([]byte("W"), 7)
		require.NoError(t, err)
		buf := make([]byte, 64)
		n, err := f.ReadAt(buf, 0)
		require.ErrorContains(t, err, "EOF")
		assert.Equal(t, "HELLO, World", string(buf[:n]))
		require.NoError(t, f.Close())
		expectObject(t, m, "f.txt", "HELLO, World")

		// truncate, shorter and longer
		require.NoError(t, os.Truncate(p, 5))
		expectObject(t, m, "f.txt", "HELLO")
		require.NoError(t, os.Truncate(p, 8))
		expectObject(t, m, "f.txt", "HELLO\x00\x00\x00")

		// ftruncate then write past the end (a sparse gap)
		f, err = os.OpenFile(p, os.O_RDWR, 0)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(2))
		_, err = f.WriteAt([]byte("!"), 4)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		expectObject(t, m, "f.txt", "HE\x00\x00!")

		// seek back while streaming a new file: switches to staging
		f, err = os.Create(m.path("g.bin"))
		require.NoError(t, err)
		data := pattern(2 << 20)
		_, err = f.Write(data)
		require.NoError(t, err)
		_, err = f.WriteAt([]byte("HEAD"), 0)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		copy(data, "HEAD")
		got, err := m.object("g.bin")
		require.NoError(t, err)
		assert.True(t, bytes.Equal(data, got))
		assert.EqualValues(t, 1, m.v.Stats().Spilled.Load())
	})
}

func expectObject(t *testing.T, m *mounted, key, want string) {
	t.Helper()
	got, err := m.object(key)
	require.NoError(t, err, key)
	assert.Equal(t, want, string(got), key)
	back, err := os.ReadFile(m.path(key))
	require.NoError(t, err, key)
	assert.Equal(t, want, string(back), "%s through the mount", key)
}

func TestDupedDescriptorCommitsOnLastClose(t *testing.T) {
	m := mount(t, memory.New(), vfs.Options{})
	f, err := os.Create(m.path("dup.txt"))
	require.NoError(t, err)
	fd2, err := syscall.Dup(int(f.Fd()))
	require.NoError(t, err)
	_, err = f.WriteString("one ")
	require.NoError(t, err)
	require.NoError(t, syscall.Close(fd2)) // a flush, and the handle stays open
	_, err = f.WriteString("two")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	expectObject(t, m, "dup.txt", "one two")
}

// TestOpenFlagsDirectIOForWriteOnly: write-only opens bypass the page
// cache; read-only and read-write opens (mmap, editors) keep it.
func TestOpenFlagsDirectIOForWriteOnly(t *testing.T) {
	for _, tc := range []struct {
		flags  int
		direct bool
	}{
		{syscall.O_WRONLY, true},
		{syscall.O_WRONLY | syscall.O_CREAT | syscall.O_TRUNC, true},
		{syscall.O_WRONLY | syscall.O_APPEND, true},
		{syscall.O_RDONLY, false},
		{syscall.O_RDWR, false},
		{syscall.O_RDWR | syscall.O_CREAT | syscall.O_EXCL, false},
	} {
		assert.Equal(t, tc.direct, (&mountFS{}).openFlags(uint32(tc.flags))&fuse.FOPEN_DIRECT_IO != 0, "flags %#o", tc.flags)
		assert.NotZero(t, (&mountFS{directIO: true}).openFlags(uint32(tc.flags))&fuse.FOPEN_DIRECT_IO, "--direct-io, flags %#o", tc.flags)
	}
}
