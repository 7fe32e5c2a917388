// Package errs holds the portable error kinds shared by every driver kind
// (storage, compute, lb, dns). Drivers wrap provider errors with E so that
// callers (the portable APIs, the filesystem, sync and the CLI) can branch
// on the kind with errors.Is while the provider's cause stays reachable
// through errors.Unwrap.
package errs

import (
	"context"
	"errors"
	"fmt"
)

// Kind classifies an error independently of the provider that raised it.
type Kind int

// The portable error kinds.
const (
	Unknown            Kind = iota
	NotFound                // the container, object or resource does not exist
	AlreadyExists           // a create collided with an existing resource
	InvalidArgument         // the request was malformed; retrying will not help
	PermissionDenied        // credentials are missing, wrong or lack rights
	NotEmpty                // a container, directory or zone still has children
	Unimplemented           // the driver or provider cannot do this
	Throttled               // the provider asked us to slow down
	Transient               // a fault that may pass: 5xx, reset connection
	Canceled                // the caller's context was cancelled
	PreconditionFailed      // an If-Match / If-None-Match condition failed
	DeadlineExceeded        // the caller's deadline passed
	ResourceExhausted       // a quota or size limit was hit
)

var kindNames = [...]string{
	Unknown:            "unknown error",
	NotFound:           "not found",
	AlreadyExists:      "already exists",
	InvalidArgument:    "invalid argument",
	PermissionDenied:   "permission denied",
	NotEmpty:           "not empty",
	Unimplemented:      "not implemented",
	Throttled:          "throttled",
	Transient:          "transient error",
	Canceled:           "canceled",
	PreconditionFailed: "precondition failed",
	DeadlineExceeded:   "deadline exceeded",
	ResourceExhausted:  "resource exhausted",
}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kindNames[k]
}

// sentinel is the comparable value behind each Err* variable.
type sentinel struct{ kind Kind }

func (s *sentinel) Error() string { return s.kind.String() }

// Sentinels for errors.Is. An *Error of kind K matches the sentinel of K.
var (
	ErrNotFound           error = &sentinel{NotFound}
	ErrAlreadyExists      error = &sentinel{AlreadyExists}
	ErrInvalidArgument    error = &sentinel{InvalidArgument}
	ErrPermissionDenied   error = &sentinel{PermissionDenied}
	ErrNotEmpty           error = &sentinel{NotEmpty}
	ErrUnimplemented      error = &sentinel{Unimplemented}
	ErrThrottled          error = &sentinel{Throttled}
	ErrTransient          error = &sentinel{Transient}
	ErrCanceled           error = &sentinel{Canceled}
	ErrPreconditionFailed error = &sentinel{PreconditionFailed}
	ErrDeadlineExceeded   error = &sentinel{DeadlineExceeded}
	ErrResourceExhausted  error = &sentinel{ResourceExhausted}
)

// Error is a classified error: what was done (Op), to what (Resource), of
// which Kind, and the underlying provider cause (Err, may be nil).
type Error struct {
	Kind     Kind
	Op       string // "storage.Stat", "s3.PutObject", ...
	Resource string // "bucket/key", "node web1", ...
	Err      error
}

func (e *Error) Error() string {
	msg := e.Kind.String()
	if e.Err != nil {
		msg = e.Err.Error()
		// Say the kind once: not when the cause already carries it (a
		// sentinel, or a classified error of the same kind further down).
		if KindOf(e.Err) != e.Kind {
			msg = e.Kind.String() + ": " + msg
		}
	}
	switch {
	case e.Op != "" && e.Resource != "":
		return e.Op + " " + e.Resource + ": " + msg
	case e.Op != "":
		return e.Op + ": " + msg
	case e.Resource != "":
		return e.Resource + ": " + msg
	}
	return msg
}

// Unwrap returns the provider's cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel of e's kind.
func (e *Error) Is(target error) bool {
	s, ok := target.(*sentinel)
	return ok && s.kind == e.Kind
}

// E builds a classified error. A nil cause is allowed.
func E(kind Kind, op, resource string, cause error) error {
	return &Error{Kind: kind, Op: op, Resource: resource, Err: cause}
}

// Errorf builds a classified error whose cause is a formatted message.
func Errorf(kind Kind, op, resource, format string, args ...any) error {
	return &Error{Kind: kind, Op: op, Resource: resource, Err: fmt.Errorf(format, args...)}
}

// Wrap adds the operation and resource to err, keeping its kind. A nil err
// stays nil. An unclassified err gets the kind KindOf finds for it.
func Wrap(err error, op, resource string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) && e.Op == op && e.Resource == resource {
		return err
	}
	return &Error{Kind: KindOf(err), Op: op, Resource: resource, Err: err}
}

// KindOf returns the kind of the first classified error in err's chain.
// Context errors map to Canceled and DeadlineExceeded; anything else is
// Unknown.
func KindOf(err error) Kind {
	if err == nil {
		return Unknown
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var s *sentinel
	if errors.As(err, &s) {
		return s.kind
	}
	switch {
	case errors.Is(err, context.Canceled):
		return Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return DeadlineExceeded
	}
	return Unknown
}

// Is reports whether err is of kind k.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }

// Retryable reports whether an operation that failed with err may succeed
// if tried again unchanged.
func Retryable(err error) bool {
	switch KindOf(err) {
	case Throttled, Transient:
		return true
	}
	return false
}
