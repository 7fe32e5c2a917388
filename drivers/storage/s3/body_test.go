package s3

import (
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chunkWriter records each Write, and can call a hook after the first.
type chunkWriter struct {
	bytes.Buffer
	writes int
	after  func()
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.writes++
	n, err := w.Buffer.Write(p)
	if w.writes == 1 && w.after != nil {
		w.after()
	}
	return n, err
}

// TestRewoundBodyWriteTo: a part's body writes itself in place, in
// chunks, from where the attempt stands; a body that a newer attempt
// replaced stops at the next chunk, and the newer one sends it all.
func TestRewoundBodyWriteTo(t *testing.T) {
	data := randomBytes(t, 3*writeToChunk+100)
	rw := &rewinder{s: newPartReader(data)}

	b, err := rw.body()
	require.NoError(t, err)
	var w chunkWriter
	n, err := b.(io.WriterTo).WriteTo(&w)
	require.NoError(t, err)
	assert.EqualValues(t, len(data), n)
	assert.True(t, bytes.Equal(data, w.Bytes()))
	assert.Equal(t, 4, w.writes, "1 MiB chunks")

	// A retry takes over while the first attempt is writing.
	old, err := rw.body()
	require.NoError(t, err)
	var fresh io.ReadCloser
	stale := chunkWriter{after: func() { fresh, err = rw.body() }}
	n, werr := old.(io.WriterTo).WriteTo(&stale)
	require.NoError(t, err)
	assert.ErrorIs(t, werr, errBodyClosed)
	assert.EqualValues(t, writeToChunk, n, "the stale attempt stops after its chunk")
	var again chunkWriter
	n, err = fresh.(io.WriterTo).WriteTo(&again)
	require.NoError(t, err)
	assert.EqualValues(t, len(data), n)
	assert.True(t, bytes.Equal(data, again.Bytes()), "the new attempt sends the part from its start")
}

// TestPartReaderRelease: a part's buffer may go back to the pool only if
// no attempt is still writing a slice of it; after release no attempt
// takes another slice.
func TestPartReaderRelease(t *testing.T) {
	data := randomBytes(t, 2*writeToChunk)
	p := newPartReader(data)
	rw := &rewinder{s: p}
	b, err := rw.body()
	require.NoError(t, err)
	var reusable bool
	w := chunkWriter{after: func() { reusable = p.release() }} // the part returns while a slice is out
	n, err := b.(io.WriterTo).WriteTo(&w)
	assert.False(t, reusable, "a slice was being written: the buffer must not be reused")
	assert.ErrorIs(t, err, errBodyClosed, "no slice after release")
	assert.EqualValues(t, writeToChunk, n)

	q := newPartReader(data)
	assert.True(t, q.release(), "nothing in flight: reusable")
	again := q.again()
	_, ok := again.take(10)
	assert.False(t, ok, "another attempt's reader shares the part's end")
}
