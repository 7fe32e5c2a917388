package compute

import (
	"errors"
	"strings"
	"unicode"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

var (
	errClosed   = errors.New("account is closed")
	errNameRule = errors.New("a name must be non-empty, at most 255 bytes, without '/', control characters or surrounding spaces, and not \".\" or \"..\"")
)

// checkName enforces what every resource name must satisfy to be a file
// name in the mount (nodes/<name>.json, keypairs/<name>.pub, ...).
// Providers add their own, stricter rules.
func checkName(op, name string) error {
	ok := name != "" && len(name) <= 255 && name != "." && name != ".." &&
		!strings.ContainsRune(name, '/') && strings.TrimSpace(name) == name &&
		strings.IndexFunc(name, unicode.IsControl) < 0
	if !ok {
		return errs.E(errs.InvalidArgument, op, name, errNameRule)
	}
	return nil
}

// checkID rejects an empty ID.
func checkID(op, what, id string) error {
	if id == "" {
		return errs.Errorf(errs.InvalidArgument, op, id, "%s ID is empty", what)
	}
	return nil
}
