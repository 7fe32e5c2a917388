package drivertest

import (
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// testLargeObject writes 3.5 parts in uneven chunks, then checks the
// content byte for byte, whole and across a part boundary.
func testLargeObject(t *testing.T, e *env) {
	c := e.container()
	part := e.opts.partSize()
	data := content(42, int(part*7/2))
	w, err := e.acct.NewWriter(e.ctx, c, "large", &storage.WriterOptions{
		PartSize: part, Concurrency: 2, SizeHint: -1, ContentType: "application/x-test",
	})
	require.NoError(t, err)
	for b, i := data, 0; len(b) > 0; i++ {
		n := min(len(b), 1+(i*7919)%65521) // uneven writes, none aligned to a part
		m, err := w.Write(b[:n])
		require.NoError(t, err)
		require.Equal(t, n, m, "short write")
		b = b[n:]
	}
	assert.Equal(t, int64(len(data)), w.Written())
	require.NoError(t, w.Close())

	a := e.stat(c, "large")
	assert.Equal(t, int64(len(data)), a.Size)
	assert.Equal(t, "application/x-test", a.ContentType)
	sameBytes(t, data, e.read(c, "large"), "whole object")
	// A range straddling the boundary between part 1 and part 2.
	off, n := part-100, int64(300)
	sameBytes(t, data[off:off+n], e.readRange(c, "large", off, n), "range across a part boundary")
	sameBytes(t, data[3*part:], e.readRange(c, "large", 3*part, -1), "the last half part")
}

// testRangeRead: offsets, lengths, EOF and beyond.
func testRangeRead(t *testing.T, e *env) {
	c := e.container()
	data := content(7, 1000)
	e.write(c, "obj", data, nil)
	for _, tc := range []struct {
		name        string
		off, length int64
		want        []byte
	}{
		{"whole", 0, -1, data},
		{"from the start", 0, 10, data[:10]},
		{"middle", 100, 250, data[100:350]},
		{"to the end", 990, -1, data[990:]},
		{"exact end", 900, 100, data[900:]},
		{"length past the end", 950, 500, data[950:]},
		{"zero length", 10, 0, []byte{}},
		{"at EOF", 1000, -1, []byte{}},
		{"at EOF with length", 1000, 10, []byte{}},
		{"past EOF", 5000, -1, []byte{}},
		{"past EOF with length", 5000, 10, []byte{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := e.acct.NewRangeReader(e.ctx, c, "obj", tc.off, tc.length, nil)
			require.NoError(t, err)
			defer r.Close()
			assert.Equal(t, int64(len(data)), r.Attributes().Size, "Attributes().Size is the whole object's")
			got, err := io.ReadAll(r)
			require.NoError(t, err)
			sameBytes(t, tc.want, got)
		})
	}
	_, err := e.acct.NewRangeReader(e.ctx, c, "obj", -1, 10, nil)
	wantKind(t, err, errs.InvalidArgument, "negative offset")

	// Small reads through a whole object give the same bytes.
	r, err := e.acct.NewReader(e.ctx, c, "obj", nil)
	require.NoError(t, err)
	var got []byte
	buf := make([]byte, 7)
	for {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	require.NoError(t, r.Close())
	sameBytes(t, data, got, "7-byte reads")
}
