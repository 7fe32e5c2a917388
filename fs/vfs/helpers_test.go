package vfs

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/stretchr/testify/require"
)

// testVFS is a VFS over one memory account "mem" with container "bkt".
type testVFS struct {
	*VFS
	t    *testing.T
	drv  *memory.Driver
	acct *storage.Account
	ctx  context.Context
}

func newTestVFS(t *testing.T, opts Options) *testVFS {
	t.Helper()
	drv := memory.New()
	acct := storage.New("mem", drv)
	ctx := context.Background()
	require.NoError(t, acct.CreateContainer(ctx, "bkt"))
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	v, err := New(map[string]*storage.Account{"mem": acct}, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = v.Close(ctx) })
	return &testVFS{VFS: v, t: t, drv: drv, acct: acct, ctx: ctx}
}

// p is a path in the test container.
func p(key string) Path { return Path{Account: "mem", Container: "bkt", Key: key} }

// put stores an object directly at the provider.
func (tv *testVFS) put(key string, data []byte) {
	tv.t.Helper()
	w, err := tv.acct.NewWriter(tv.ctx, "bkt", key, nil)
	require.NoError(tv.t, err)
	_, err = w.Write(data)
	require.NoError(tv.t, err)
	require.NoError(tv.t, w.Close())
}

// get reads an object directly from the provider.
func (tv *testVFS) get(key string) ([]byte, error) {
	r, err := tv.acct.NewReader(tv.ctx, "bkt", key, nil)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// writeFile creates key through the VFS, writes data in chunks of step
// bytes, and closes it (flush, release).
func (tv *testVFS) writeFile(key string, data []byte, step int) {
	tv.t.Helper()
	h, _, err := tv.Create(tv.ctx, p(key), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	require.NoError(tv.t, err)
	for off := 0; off < len(data); off += step {
		end := min(off+step, len(data))
		n, err := h.Write(tv.ctx, data[off:end], int64(off))
		require.NoError(tv.t, err)
		require.Equal(tv.t, end-off, n)
	}
	require.NoError(tv.t, h.Flush(tv.ctx))
	require.NoError(tv.t, h.Release(tv.ctx))
}

// overwrite opens the existing key with flags, writes data at off and
// closes it.
func (tv *testVFS) overwrite(key string, flags int, data []byte, off int64) {
	tv.t.Helper()
	h, err := tv.Open(tv.ctx, p(key), flags)
	require.NoError(tv.t, err)
	_, err = h.Write(tv.ctx, data, off)
	require.NoError(tv.t, err)
	require.NoError(tv.t, h.Flush(tv.ctx))
	require.NoError(tv.t, h.Release(tv.ctx))
}

// readAll reads key through the VFS in reads of step bytes.
func (tv *testVFS) readAll(key string, step int) []byte {
	tv.t.Helper()
	h, err := tv.Open(tv.ctx, p(key), os.O_RDONLY)
	require.NoError(tv.t, err)
	defer h.Release(tv.ctx)
	var out bytes.Buffer
	buf := make([]byte, step)
	for off := int64(0); ; {
		n, err := h.Read(tv.ctx, buf, off)
		require.NoError(tv.t, err)
		if n == 0 {
			return out.Bytes()
		}
		out.Write(buf[:n])
		off += int64(n)
	}
}

// pattern is n bytes that differ at every offset modulo a prime.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// names lists directory key through a DirStream.
func (tv *testVFS) names(key string) []string {
	tv.t.Helper()
	d, err := tv.OpenDir(tv.ctx, p(key))
	require.NoError(tv.t, err)
	var out []string
	for {
		e, ok, err := d.Next(tv.ctx)
		require.NoError(tv.t, err)
		if !ok {
			return out
		}
		out = append(out, e.Name+kindSuffix(e.Attr.Kind))
	}
}

func kindSuffix(k Kind) string {
	switch k {
	case KindDir:
		return "/"
	case KindSymlink:
		return "@"
	}
	return ""
}
