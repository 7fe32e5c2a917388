package vfs

import (
	"bytes"
	"math/rand/v2"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadAheadSequentialIsBounded(t *testing.T) {
	tv := newTestVFS(t, Options{ReadAheadMax: 2 << 20, ReadAheadTotal: 3 << 20})
	data := pattern(20<<20 + 5)
	tv.put("big", data)
	got := tv.readAll("big", 128<<10)
	require.True(t, bytes.Equal(data, got), "content")
	st := tv.Stats()
	assert.Greater(t, st.Chunks.Load(), int64(4), "read ahead in chunks")
	assert.LessOrEqual(t, st.ReadAheadPeak(), int64(3<<20), "global budget")
	assert.Zero(t, st.ReadAheadInUse(), "everything freed at close")
}

func TestReadAheadManyReadersShareBudget(t *testing.T) {
	tv := newTestVFS(t, Options{ReadAheadMax: 4 << 20, ReadAheadTotal: 4 << 20})
	data := pattern(12 << 20)
	tv.put("big", data)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			h, err := tv.Open(tv.ctx, p("big"), os.O_RDONLY)
			if !assert.NoError(t, err) {
				return
			}
			defer h.Release(tv.ctx)
			buf := make([]byte, 128<<10)
			var out bytes.Buffer
			for off := int64(0); ; {
				n, err := h.Read(tv.ctx, buf, off)
				if !assert.NoError(t, err) || n == 0 {
					break
				}
				out.Write(buf[:n])
				off += int64(n)
			}
			assert.True(t, bytes.Equal(data, out.Bytes()))
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, tv.Stats().ReadAheadPeak(), int64(4<<20))
	assert.Zero(t, tv.Stats().ReadAheadInUse())
}

func TestRandomReadsAreExact(t *testing.T) {
	tv := newTestVFS(t, Options{})
	data := pattern(8 << 20)
	tv.put("big", data)
	h, err := tv.Open(tv.ctx, p("big"), os.O_RDONLY)
	require.NoError(t, err)
	defer h.Release(tv.ctx)
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 4096)
	for range 50 {
		off := rng.Int64N(int64(len(data)) - 4096)
		if off == 0 {
			off = 1
		}
		n, err := h.Read(tv.ctx, buf, off)
		require.NoError(t, err)
		require.Equal(t, data[off:off+int64(n)], buf[:n])
	}
	assert.Zero(t, tv.Stats().Chunks.Load(), "no read-ahead for random reads")
	assert.EqualValues(t, 50, tv.Stats().Direct.Load())
}

func TestReadAheadWindowGrows(t *testing.T) {
	tv := newTestVFS(t, Options{ReadAheadMax: 16 << 20, ReadAheadTotal: 64 << 20})
	data := pattern(40 << 20)
	tv.put("big", data)
	require.True(t, bytes.Equal(data, tv.readAll("big", 1<<20)))
	// 40 MiB in chunks that start at 512 KiB and grow to 8 MiB takes far
	// fewer than the 160 fixed 256 KiB chunks.
	assert.Less(t, tv.Stats().Chunks.Load(), int64(40))
	assert.Greater(t, tv.Stats().ReadAheadPeak(), int64(4<<20), "window grew past its start")
}

// The kernel reads ahead with several requests in flight on one handle,
// answered in any order: every one must get all its bytes (a short read
// means end of file to the kernel).
func TestReadAheadConcurrentReadsOnOneHandle(t *testing.T) {
	tv := newTestVFS(t, Options{ReadAheadMax: 8 << 20, ReadAheadTotal: 16 << 20})
	data := pattern(40<<20 + 777)
	tv.put("big", data)
	h, err := tv.Open(tv.ctx, p("big"), os.O_RDONLY)
	require.NoError(t, err)
	defer h.Release(tv.ctx)
	const block = 1 << 20
	sem := make(chan struct{}, 4) // requests in flight
	var wg sync.WaitGroup
	for off := 0; off < len(data); off += block {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			buf := make([]byte, block)
			n, err := h.Read(tv.ctx, buf, int64(off))
			want := min(block, len(data)-off)
			if assert.NoError(t, err) && assert.Equal(t, want, n, "short read at %d", off) {
				assert.True(t, bytes.Equal(data[off:off+want], buf[:n]), "content at %d", off)
			}
		})
	}
	wg.Wait()
	assert.Positive(t, tv.Stats().Chunks.Load())
}

// ReadShared hands out the chunks themselves; they stay valid until
// released, even if the handle is released first.
func TestReadShared(t *testing.T) {
	tv := newTestVFS(t, Options{ReadAheadMax: 4 << 20, ReadAheadTotal: 8 << 20})
	data := pattern(9<<20 + 3)
	tv.put("big", data)
	h, err := tv.Open(tv.ctx, p("big"), os.O_RDONLY)
	require.NoError(t, err)
	var got bytes.Buffer
	var held func()
	for off := 0; ; {
		bufs, n, release, ok := h.ReadShared(tv.ctx, int64(off), 1<<20)
		require.True(t, ok, "sequential reads come from the read-ahead")
		if n == 0 {
			release()
			break
		}
		for _, b := range bufs {
			got.Write(b)
		}
		if off == 0 {
			held = release // kept past the handle's release
		} else {
			release()
		}
		off += n
	}
	assert.True(t, bytes.Equal(data, got.Bytes()))
	require.NoError(t, h.Release(tv.ctx))
	assert.Positive(t, tv.Stats().ReadAheadInUse(), "the held chunk is still allocated")
	held()
	assert.Zero(t, tv.Stats().ReadAheadInUse())

	// A random read is not shared: the caller reads into its buffer.
	h, err = tv.Open(tv.ctx, p("big"), os.O_RDONLY)
	require.NoError(t, err)
	defer h.Release(tv.ctx)
	_, _, _, ok := h.ReadShared(tv.ctx, 5<<20, 4096)
	assert.False(t, ok)
}

// A budget too small for full-size chunks gets smaller ones: a lone
// sequential reader is still read ahead of, never by exact ranges.
func TestReadAheadShrinksChunksToFitBudget(t *testing.T) {
	tv := newTestVFS(t, Options{ReadAheadMax: 8 << 20, ReadAheadTotal: 8 << 20})
	data := pattern(40<<20 + 9)
	tv.put("big", data)
	require.True(t, bytes.Equal(data, tv.readAll("big", 128<<10)))
	assert.Zero(t, tv.Stats().Direct.Load(), "exact-range reads")
	assert.LessOrEqual(t, tv.Stats().ReadAheadPeak(), int64(8<<20))
	assert.Zero(t, tv.Stats().ReadAheadInUse())
}

// A closed read-ahead starts no fetch: a read still running on it when
// its handle moved on (or was released) reads its range exactly.
func TestReadAheadClosedStartsNothing(t *testing.T) {
	tv := newTestVFS(t, Options{})
	data := pattern(4 << 20)
	tv.put("big", data)
	attrs, err := tv.acct.Stat(tv.ctx, "bkt", "big")
	require.NoError(t, err)
	r := newReadAhead(tv.VFS, remoteSrc{acct: tv.acct, container: "bkt", key: "big", size: attrs.Size})
	r.close()
	buf := make([]byte, 1<<20)
	n, err := r.read(tv.ctx, buf, 0)
	require.NoError(t, err)
	assert.Equal(t, data[:n], buf[:n])
	assert.Equal(t, 1<<20, n)
	assert.Zero(t, tv.Stats().Chunks.Load(), "fetches started after close")
	assert.EqualValues(t, 1, tv.Stats().Direct.Load())
	assert.Zero(t, tv.Stats().ReadAheadInUse())
}
