package drivertest

import (
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
)

const workers = 16

// testConcurrentWriters: 16 writers to different keys; every object is
// present and correct afterwards.
func testConcurrentWriters(t *testing.T, e *env) {
	c := e.container()
	g, ctx := errgroup.WithContext(e.ctx)
	g.SetLimit(workers)
	for i := range workers {
		g.Go(func() error {
			key := fmt.Sprintf("dir%d/obj%02d", i%3, i)
			return e.tryWrite(ctx, c, key, content(uint64(100+i), 10000+i), nil)
		})
	}
	require.NoError(t, g.Wait())
	keys := e.keys(c, nil)
	require.Len(t, keys, workers)
	for i := range workers {
		key := fmt.Sprintf("dir%d/obj%02d", i%3, i)
		sameBytes(t, content(uint64(100+i), 10000+i), e.read(c, key), key)
	}
}

// testConcurrentReaders: 16 readers of one key all get the whole content.
func testConcurrentReaders(t *testing.T, e *env) {
	c := e.container()
	data := content(200, 100_000)
	e.write(c, "shared", data, nil)
	var g errgroup.Group
	g.SetLimit(workers)
	got := make([][]byte, workers)
	for i := range workers {
		g.Go(func() error {
			off := int64(i * 1000)
			r, err := e.acct.NewRangeReader(e.ctx, c, "shared", off, -1, nil)
			if err != nil {
				return err
			}
			defer r.Close()
			got[i], err = io.ReadAll(r)
			return err
		})
	}
	require.NoError(t, g.Wait())
	for i := range workers {
		assert.True(t, sameBytes(t, data[i*1000:], got[i]), "reader %d", i)
	}
}
