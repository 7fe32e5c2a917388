package drivertest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// container makes a fresh container that is emptied and deleted when the
// test ends.
func (e *env) container() string {
	e.t.Helper()
	name := e.name()
	require.NoError(e.t, e.acct.CreateContainer(e.ctx, name), "create container %s", name)
	e.t.Cleanup(func() { e.removeContainer(name) })
	return name
}

// removeContainer deletes everything in name, then name itself. It runs
// after t.Context is cancelled, so it has its own context.
func (e *env) removeContainer(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := e.acct.GetContainer(ctx, name); errs.Is(err, errs.NotFound) {
		return
	}
	var keys []string
	for o, err := range e.acct.List(ctx, name, nil) {
		if err != nil {
			e.t.Logf("clean-up: list %s: %v", name, err)
			break
		}
		keys = append(keys, o.Key)
	}
	// Delete deepest keys first so that a directory marker's children go
	// before the marker on drivers where that matters.
	for i := len(keys) - 1; i >= 0; i-- {
		if err := e.acct.Delete(ctx, name, keys[i]); err != nil && !errs.Is(err, errs.NotFound) {
			e.t.Logf("clean-up: delete %s/%s: %v", name, keys[i], err)
		}
	}
	if e.acct.Features().ListUploads {
		ups, _ := e.acct.ListUploads(ctx, name, "")
		for _, u := range ups {
			_ = e.acct.AbortUpload(ctx, name, u)
		}
	}
	if err := e.acct.DeleteContainer(ctx, name); err != nil {
		e.t.Errorf("clean-up: delete container %s: %v", name, err)
	}
}

// write stores data at key in chunks of 1000 bytes, so drivers see many
// Writes, and fails the test on error.
func (e *env) write(container, key string, data []byte, opts *storage.WriterOptions) {
	e.t.Helper()
	require.NoError(e.t, e.tryWrite(e.ctx, container, key, data, opts), "write %s/%s", container, key)
}

// tryWrite stores data at key and returns the first error.
func (e *env) tryWrite(ctx context.Context, container, key string, data []byte, opts *storage.WriterOptions) error {
	w, err := e.acct.NewWriter(ctx, container, key, opts)
	if err != nil {
		return err
	}
	for b := data; len(b) > 0; {
		n := min(len(b), 1000)
		if _, err := w.Write(b[:n]); err != nil {
			w.Abort()
			return err
		}
		b = b[n:]
	}
	return w.Close()
}

// read returns the whole object.
func (e *env) read(container, key string) []byte {
	e.t.Helper()
	return e.readRange(container, key, 0, -1)
}

func (e *env) readRange(container, key string, offset, length int64) []byte {
	e.t.Helper()
	r, err := e.acct.NewRangeReader(e.ctx, container, key, offset, length, nil)
	require.NoError(e.t, err, "open %s/%s at %d+%d", container, key, offset, length)
	defer r.Close()
	b, err := io.ReadAll(r)
	require.NoError(e.t, err, "read %s/%s at %d+%d", container, key, offset, length)
	return b
}

// stat fails the test unless key exists.
func (e *env) stat(container, key string) *storage.Attributes {
	e.t.Helper()
	a, err := e.acct.Stat(e.ctx, container, key)
	require.NoError(e.t, err, "stat %s/%s", container, key)
	require.NotNil(e.t, a)
	return a
}

// missing fails the test unless Stat says key is NotFound.
func (e *env) missing(container, key string) {
	e.t.Helper()
	_, err := e.acct.Stat(e.ctx, container, key)
	wantKind(e.t, err, errs.NotFound, "stat %s/%s", container, key)
}

// keys lists every key (and folded prefix) under opts.
func (e *env) keys(container string, opts *storage.ListOptions) []string {
	e.t.Helper()
	out := []string{}
	for o, err := range e.acct.List(e.ctx, container, opts) {
		require.NoError(e.t, err, "list %s", container)
		out = append(out, o.Key)
	}
	return out
}

// wantKind checks that err is of kind k, both through errs.KindOf and
// through the kind's sentinel with errors.Is.
func wantKind(t *testing.T, err error, k errs.Kind, format string, args ...any) bool {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	if err == nil {
		t.Errorf("%s: no error, want %v", what, k)
		return false
	}
	if got := errs.KindOf(err); got != k {
		t.Errorf("%s: got kind %v (%v), want %v", what, got, err, k)
		return false
	}
	if s := sentinels[k]; s != nil && !errors.Is(err, s) {
		t.Errorf("%s: errors.Is(%v, %v) is false", what, err, s)
		return false
	}
	return true
}

var sentinels = map[errs.Kind]error{
	errs.NotFound:           errs.ErrNotFound,
	errs.AlreadyExists:      errs.ErrAlreadyExists,
	errs.InvalidArgument:    errs.ErrInvalidArgument,
	errs.NotEmpty:           errs.ErrNotEmpty,
	errs.Unimplemented:      errs.ErrUnimplemented,
	errs.Canceled:           errs.ErrCanceled,
	errs.PreconditionFailed: errs.ErrPreconditionFailed,
}

// content returns n deterministic pseudo-random bytes for seed.
func content(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := n &^ 7; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

func checksum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// sameBytes compares by checksum so that a failure does not print
// megabytes.
func sameBytes(t assert.TestingT, want, got []byte, msgAndArgs ...any) bool {
	if len(want) <= 256 && len(got) <= 256 {
		return assert.Equal(t, string(want), string(got), msgAndArgs...)
	}
	if bytes.Equal(want, got) {
		return true
	}
	assert.Equal(t, len(want), len(got), msgAndArgs...)
	return assert.Equal(t, checksum(want), checksum(got), msgAndArgs...)
}
