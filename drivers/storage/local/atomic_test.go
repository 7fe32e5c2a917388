package local_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// TestNoPartialObject: while a slow write is under way, concurrent Stats
// say NotFound, listings show nothing (no temporary file either), and the
// key's path does not exist on disk; after Close the whole object appears.
func TestNoPartialObject(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			root := t.TempDir()
			a := open(t, root, mode)
			ctx := t.Context()
			w, err := a.NewWriter(ctx, "c", "dir/slow", nil)
			require.NoError(t, err)

			chunk := bytes.Repeat([]byte("z"), 4096)
			var wg sync.WaitGroup
			stop := make(chan struct{})
			var observed atomic.Int64
			wg.Add(1)
			go func() { // a concurrent observer
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					_, err := a.Stat(ctx, "c", "dir/slow")
					assert.True(t, errs.Is(err, errs.NotFound), "Stat during the write: %v", err)
					for o, err := range a.List(ctx, "c", nil) {
						require.NoError(t, err)
						t.Errorf("listed %q during the write", o.Key)
					}
					observed.Add(1)
				}
			}()
			for i := range 200 {
				_, err := w.Write(chunk)
				require.NoError(t, err)
				assert.NoFileExists(t, filepath.Join(root, "c", "dir", "slow"))
				for want := int64(i / 20); observed.Load() < want; {
					time.Sleep(time.Millisecond) // let the observer look at every stage
				}
			}
			close(stop)
			wg.Wait()
			assert.GreaterOrEqual(t, observed.Load(), int64(9))
			assert.Len(t, temps(t, root), 1, "the write is staged in .cloudfs-tmp")
			require.NoError(t, w.Close())
			assert.Empty(t, temps(t, root), "the temporary file was renamed into place")
			attrs, err := a.Stat(ctx, "c", "dir/slow")
			require.NoError(t, err)
			assert.Equal(t, int64(200*4096), attrs.Size)
			assert.Equal(t, []string{"dir/slow"}, keys(t, a, nil))
		})
	}
}

// TestCancelledWriteLeavesNoTemp: a cancelled, aborted or refused write
// removes its temporary file.
func TestCancelledWriteLeavesNoTemp(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			root := t.TempDir()
			a := open(t, root, mode)

			ctx, cancel := context.WithCancel(t.Context())
			w, err := a.NewWriter(ctx, "c", "cancelled", nil)
			require.NoError(t, err)
			_, err = w.Write(make([]byte, 100_000))
			require.NoError(t, err)
			assert.Len(t, temps(t, root), 1)
			cancel()
			assert.Error(t, w.Close())
			assert.Empty(t, temps(t, root), "cancel")

			w, err = a.NewWriter(t.Context(), "c", "aborted", nil)
			require.NoError(t, err)
			_, err = w.Write(make([]byte, 100_000))
			require.NoError(t, err)
			w.Abort()
			assert.Empty(t, temps(t, root), "abort")

			put(t, a, "exists", "old", nil)
			w, err = a.NewWriter(t.Context(), "c", "exists", &storage.WriterOptions{IfNoneMatch: "*"})
			require.NoError(t, err)
			_, err = w.Write([]byte("new"))
			require.NoError(t, err)
			assert.True(t, errs.Is(w.Close(), errs.PreconditionFailed))
			assert.Empty(t, temps(t, root), "failed condition")

			w, err = a.NewWriter(t.Context(), "c", "conflict", nil)
			require.NoError(t, err)
			require.NoError(t, os.MkdirAll(filepath.Join(root, "c", "conflict", "sub"), 0o755))
			assert.True(t, errs.Is(w.Close(), errs.AlreadyExists), "a directory appeared at the key")
			assert.Empty(t, temps(t, root), "conflict at commit")

			assert.Equal(t, []string{"conflict/sub/", "exists"}, keys(t, a, nil))
			assert.Equal(t, "old", get(t, a, "exists"))
		})
	}
}
