package lb

import (
	"strings"
	"unicode"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// checkName enforces what a balancer name must satisfy to be a file name
// in the mount (balancers/<name>.json).
func checkName(op, name string) error {
	ok := name != "" && len(name) <= 255 && name != "." && name != ".." &&
		!strings.ContainsRune(name, '/') && strings.TrimSpace(name) == name &&
		strings.IndexFunc(name, unicode.IsControl) < 0
	if !ok {
		return errs.Errorf(errs.InvalidArgument, op, name, "a name must be non-empty, at most 255 bytes, without '/', control characters or surrounding spaces")
	}
	return nil
}

func checkPort(op, res string, port int) error {
	if port < 1 || port > 65535 {
		return errs.Errorf(errs.InvalidArgument, op, res, "port %d: want 1 to 65535", port)
	}
	return nil
}

func (a *Account) checkID(op, what, id string) error {
	if err := a.check(op, id); err != nil {
		return err
	}
	if id == "" {
		return errs.Errorf(errs.InvalidArgument, op, id, "%s ID is empty", what)
	}
	return nil
}
