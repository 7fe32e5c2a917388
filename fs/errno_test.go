package fs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
)

func TestErrno(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want syscall.Errno
	}{
		{nil, 0},
		{errs.E(errs.Unknown, "op", "r", nil), syscall.EIO},
		{errs.E(errs.NotFound, "op", "r", nil), syscall.ENOENT},
		{errs.E(errs.AlreadyExists, "op", "r", nil), syscall.EEXIST},
		{errs.E(errs.InvalidArgument, "op", "r", nil), syscall.EINVAL},
		{errs.E(errs.PermissionDenied, "op", "r", nil), syscall.EACCES},
		{errs.E(errs.NotEmpty, "op", "r", nil), syscall.ENOTEMPTY},
		{errs.E(errs.Unimplemented, "op", "r", nil), syscall.ENOTSUP},
		{errs.E(errs.Throttled, "op", "r", nil), syscall.EIO},
		{errs.E(errs.Transient, "op", "r", syscall.ECONNRESET), syscall.EIO},
		{errs.E(errs.Canceled, "op", "r", nil), syscall.EINTR},
		{errs.E(errs.PreconditionFailed, "op", "r", nil), syscall.ESTALE},
		{errs.E(errs.DeadlineExceeded, "op", "r", nil), syscall.ETIMEDOUT},
		{errs.E(errs.ResourceExhausted, "op", "r", nil), syscall.ENOSPC},
		{fmt.Errorf("wrapped: %w", errs.ErrNotFound), syscall.ENOENT},
		{context.Canceled, syscall.EINTR},
		{context.DeadlineExceeded, syscall.ETIMEDOUT},
		{syscall.ENOTDIR, syscall.ENOTDIR},
		{&os.PathError{Op: "write", Path: "/cache/x", Err: syscall.ENOSPC}, syscall.ENOSPC},
		{errors.New("plain"), syscall.EIO},
	} {
		assert.Equal(t, tc.want, Errno(tc.err), "%v", tc.err)
	}
}

// Every kind has an entry: adding a kind to drivers/errs without mapping
// it here fails this test.
func TestErrnoCoversEveryKind(t *testing.T) {
	for k := errs.Unknown; k <= errs.ResourceExhausted; k++ {
		assert.NotZero(t, errnoByKind[k], "kind %v", k)
	}
	assert.Equal(t, "kind(13)", errs.Kind(len(errnoByKind)).String(), "a new kind was added to drivers/errs: map it in errnoByKind")
}
