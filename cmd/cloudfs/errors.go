package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// cliError is a failed command: a short message for the user ("ls
// local:nope: container not found") over the full cause, which stays
// reachable for errors.Is.
type cliError struct {
	msg string
	err error
}

func (e *cliError) Error() string { return e.msg }
func (e *cliError) Unwrap() error { return e.err }

// fail describes err for the user as "<cmd> <arg>: <why>". what names the
// thing that was looked for ("container", "object"), for the common kinds.
func fail(cmd, arg, what string, err error) error {
	if err == nil {
		return nil
	}
	var c *cliError
	if errors.As(err, &c) {
		return err
	}
	return &cliError{msg: cmd + " " + arg + argSep(arg) + reason(arg, what, err), err: err}
}

// argSep separates the argument from the reason: ": ", or a space after
// an argument that ends in a colon already ("ls dead: account ...", not
// "ls dead:: account ...").
func argSep(arg string) string {
	if strings.HasSuffix(arg, ":") {
		return " "
	}
	return ": "
}

// reason is the short "why" of err; arg is what the user typed.
func reason(arg, what string, err error) string {
	kind := errs.KindOf(err)
	if what != "" {
		switch kind {
		case errs.NotFound:
			return what + " not found"
		case errs.AlreadyExists:
			return what + " already exists"
		case errs.NotEmpty:
			return what + " not empty"
		}
	}
	switch kind {
	case errs.Canceled:
		return "interrupted"
	case errs.PermissionDenied:
		return "permission denied: " + innermost(arg, err)
	}
	return innermost(arg, err)
}

// innermost drops the "op resource: kind:" prefixes that each layer added
// and keeps the innermost classified error's own words: the provider's,
// the driver's or the registry's. Config errors are kept whole (they name
// the file), and the registry's "account NAME" is kept as a prefix. The
// innermost error's resource is kept when the user's arg does not already
// say it ("unknown location" becomes "atlantis: unknown location").
func innermost(arg string, err error) string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	prefix := ""
	for {
		switch e.Op {
		case "config":
			return prefix + e.Error()
		case "account": // drivers/registry
			prefix = "account " + e.Resource + ": "
		}
		var inner *errs.Error
		if e.Err == nil || !errors.As(e.Err, &inner) {
			break
		}
		e = inner
	}
	msg := e.Kind.String()
	if e.Err != nil && e.Err.Error() != msg {
		msg = e.Err.Error()
	}
	if r := e.Resource; r != "" && prefix == "" && !strings.Contains(arg, r) && !strings.Contains(msg, r) {
		msg = r + ": " + msg
	}
	return prefix + msg
}
