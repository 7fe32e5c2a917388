package memory_test

import (
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
)

func setup(t *testing.T) (*storage.Account, *memory.Driver) {
	m := memory.New()
	a := storage.New("mem", m)
	require.NoError(t, a.CreateContainer(t.Context(), "c"))
	return a, m
}

func put(a *storage.Account, t *testing.T, key, data string) error {
	w, err := a.NewWriter(t.Context(), "c", key, nil)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, data); err != nil {
		w.Abort()
		return err
	}
	return w.Close()
}

// TestFailNext: queued faults fail exactly the next calls of their op,
// and a failed commit stores nothing.
func TestFailNext(t *testing.T) {
	a, m := setup(t)
	boom := errs.Errorf(errs.PermissionDenied, "", "", "boom")
	m.FailNext(memory.OpCommit, boom)
	m.FailNext(memory.OpCommit, nil)
	err := put(a, t, "k", "v")
	assert.True(t, errors.Is(err, errs.ErrPermissionDenied), "%v", err)
	err = put(a, t, "k", "v")
	assert.True(t, errs.Is(err, errs.Transient), "a nil error stands for Transient: %v", err)
	_, err = a.Stat(t.Context(), "c", "k")
	assert.True(t, errs.Is(err, errs.NotFound), "a failed commit stored the object")
	require.NoError(t, put(a, t, "k", "v"), "the queue is empty again")
	assert.Equal(t, int64(3), m.Calls(memory.OpCommit))
	assert.Equal(t, int64(3), m.Calls(memory.OpNewWriter))
	m.ResetCalls()
	assert.Zero(t, m.Calls(memory.OpCommit))
}

// TestSetFault: a fault function sees every op and can fail some.
func TestSetFault(t *testing.T) {
	a, m := setup(t)
	var seen atomic.Int64
	m.SetFault(func(op memory.Op, container, key string) error {
		seen.Add(1)
		if op == memory.OpStat && key == "bad" {
			return errs.Errorf(errs.Transient, "", "", "flaky")
		}
		return nil
	})
	require.NoError(t, put(a, t, "bad", "x"))
	_, err := a.Stat(t.Context(), "c", "bad")
	assert.True(t, errs.Is(err, errs.Transient))
	require.NoError(t, put(a, t, "good", "x"))
	_, err = a.Stat(t.Context(), "c", "good")
	assert.NoError(t, err)
	assert.Positive(t, seen.Load())
	m.SetFault(nil)
	_, err = a.Stat(t.Context(), "c", "bad")
	assert.NoError(t, err)
}

// TestReaderSnapshot: a reader keeps the version it opened.
func TestReaderSnapshot(t *testing.T) {
	a, _ := setup(t)
	require.NoError(t, put(a, t, "k", "first version"))
	r, err := a.NewReader(t.Context(), "c", "k", nil)
	require.NoError(t, err)
	require.NoError(t, put(a, t, "k", "second"))
	require.NoError(t, a.Delete(t.Context(), "c", "k"))
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "first version", string(b))
}
