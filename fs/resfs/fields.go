package resfs

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// A written file is merged onto the resource: a field left out of the
// file is left as it is, so `echo '{"state": "stopped"}' > nodes/web1.json`
// stops web1. A field given with its current value changes nothing.

// presentKeys returns the top-level keys of a JSON object (decodeStrict
// has checked that data is one).
func presentKeys(data []byte) map[string]bool {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(data, &m)
	keys := make(map[string]bool, len(m))
	for k := range m {
		keys[k] = true
	}
	return keys
}

// changes collects what a write does to a resource, field by field,
// against the base (what the writer saw) and the provider's current
// state: the fields it may not change, and fields changed at the
// provider since the base that the write would undo.
type changes struct {
	op, res  string
	present  map[string]bool
	readOnly []string
	stale    []string
}

func newChanges(op, res string, data []byte) *changes {
	return &changes{op: op, res: res, present: presentKeys(data)}
}

// fixed notes a field the provider cannot change: given with a value
// other than the base's, it is refused.
func (c *changes) fixed(key string, same bool) {
	if c.present[key] && !same {
		c.readOnly = append(c.readOnly, key)
	}
}

// settable reports whether the write sets a changeable field to a value
// other than the current one. baseIsCur says the field is unchanged at
// the provider since the base; newIsCur that the file's value is the
// current one. A field changed at the provider that the file would set
// back is a conflict.
func (c *changes) settable(key string, baseIsCur, newIsCur bool) bool {
	if !c.present[key] || newIsCur {
		return false
	}
	if !baseIsCur {
		c.stale = append(c.stale, key)
	}
	return true
}

// err is the write's refusal, if any: read-only fields first
// (errs.InvalidArgument), then conflicts (errs.PreconditionFailed).
func (c *changes) err() error {
	if len(c.readOnly) > 0 {
		return errs.Errorf(errs.InvalidArgument, c.op, c.res, "cannot change %s (the provider does not allow it)", strings.Join(c.readOnly, ", "))
	}
	return c.staleErr()
}

func (c *changes) staleErr() error {
	if len(c.stale) > 0 {
		return errs.Errorf(errs.PreconditionFailed, c.op, c.res,
			"%s changed at the provider since the file was read; read it again and redo the edit", strings.Join(c.stale, ", "))
	}
	return nil
}

// trimSuffix returns the resource name of a file name with the suffix, or
// "" if name is not such a file.
func trimSuffix(name, suffix string) string {
	if isScratchName(name) || !strings.HasSuffix(name, suffix) || len(name) == len(suffix) {
		return ""
	}
	return strings.TrimSuffix(name, suffix)
}

// noSuchFile is the NotFound of a get.
func noSuchFile(op, name string) error { return errs.E(errs.NotFound, op, name, nil) }

func invalid(op, res, format string, args ...any) error {
	return errs.E(errs.InvalidArgument, op, res, fmt.Errorf(format, args...))
}
