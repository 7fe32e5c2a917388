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
	assert.Equal(t, len(data), b.(*rewoundBody).Len())
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
