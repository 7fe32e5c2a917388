package errs

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSentinelsMatchTheirKindOnly(t *testing.T) {
	sentinels := map[Kind]error{
		NotFound: ErrNotFound, AlreadyExists: ErrAlreadyExists,
		InvalidArgument: ErrInvalidArgument, PermissionDenied: ErrPermissionDenied,
		NotEmpty: ErrNotEmpty, Unimplemented: ErrUnimplemented,
		Throttled: ErrThrottled, Transient: ErrTransient, Canceled: ErrCanceled,
		PreconditionFailed: ErrPreconditionFailed, DeadlineExceeded: ErrDeadlineExceeded,
		ResourceExhausted: ErrResourceExhausted,
	}
	for k, s := range sentinels {
		err := E(k, "op", "res", errors.New("cause"))
		for k2, s2 := range sentinels {
			assert.Equal(t, k == k2, errors.Is(err, s2), "%v vs %v", k, k2)
		}
		assert.True(t, errors.Is(fmt.Errorf("outer: %w", err), s), "wrapped %v", k)
		assert.Equal(t, k, KindOf(fmt.Errorf("outer: %w", err)))
	}
}

func TestErrorKeepsCauseOpAndResource(t *testing.T) {
	cause := errors.New("NoSuchKey: The specified key does not exist")
	err := E(NotFound, "s3.GetObject", "bucket/a b", cause)
	assert.ErrorIs(t, err, cause)
	assert.Equal(t, "s3.GetObject bucket/a b: not found: NoSuchKey: The specified key does not exist", err.Error())
	assert.Equal(t, "storage.Stat b/k: not found", E(NotFound, "storage.Stat", "b/k", nil).Error())
	assert.Equal(t, "storage.Stat b/k: not found", E(NotFound, "storage.Stat", "b/k", ErrNotFound).Error())
	// Wrapping a classified error says its kind once.
	inner := E(NotFound, "memory.Stat", "b/k", errors.New("no such object"))
	assert.Equal(t, "storage.Stat b/k: memory.Stat b/k: not found: no such object", Wrap(inner, "storage.Stat", "b/k").Error())
}

func TestWrapKeepsKind(t *testing.T) {
	inner := E(PermissionDenied, "s3.PutObject", "b/k", errors.New("AccessDenied"))
	err := Wrap(inner, "storage.Write", "b/k")
	assert.ErrorIs(t, err, ErrPermissionDenied)
	assert.Equal(t, PermissionDenied, KindOf(err))
	assert.Nil(t, Wrap(nil, "op", "r"))
	assert.Equal(t, Canceled, KindOf(Wrap(context.Canceled, "op", "r")))
	assert.Equal(t, DeadlineExceeded, KindOf(Wrap(context.DeadlineExceeded, "op", "r")))
	assert.Equal(t, Unknown, KindOf(Wrap(errors.New("x"), "op", "r")))
}

func TestRetryable(t *testing.T) {
	assert.True(t, Retryable(E(Throttled, "", "", nil)))
	assert.True(t, Retryable(E(Transient, "", "", nil)))
	assert.False(t, Retryable(E(NotFound, "", "", nil)))
	assert.False(t, Retryable(nil))
}
