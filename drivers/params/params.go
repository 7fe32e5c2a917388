// Package params carries what a driver constructor receives from the
// config: the account name, its string options and the HTTP client that
// transport/ built for it. Every provider package exports
//
//	func Open(ctx context.Context, p params.Params) (driver.X, error)
//
// and the registry (drivers/registry) maps
// driver names to those functions.
package params

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Params is one account's configuration as a driver sees it.
type Params struct {
	Account string            // the account's name in the config ("minio", "aws-prod")
	Driver  string            // the driver's name ("s3", "local")
	Options map[string]string // driver options; keys lower-case
	HTTP    *http.Client      // nil for drivers that make no HTTP calls
	// DataDir is a per-account directory for drivers that keep local state
	// (the default local storage root lives under it).
	DataDir string
}

func (p Params) bad(key, format string, args ...any) error {
	return errs.Errorf(errs.InvalidArgument, "open "+p.Driver, p.Account, "option %q: "+format, append([]any{key}, args...)...)
}

// String returns the option or def.
func (p Params) String(key, def string) string {
	if v, ok := p.Options[key]; ok && v != "" {
		return v
	}
	return def
}

// Required returns the option or an InvalidArgument error naming it.
func (p Params) Required(key string) (string, error) {
	v := p.Options[key]
	if v == "" {
		return "", p.bad(key, "is required")
	}
	return v, nil
}

// Bool parses a boolean option.
func (p Params) Bool(key string, def bool) (bool, error) {
	v, ok := p.Options[key]
	if !ok || v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, p.bad(key, "want true or false, got %q", v)
	}
	return b, nil
}

// Int parses an integer option.
func (p Params) Int(key string, def int) (int, error) {
	v, ok := p.Options[key]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def, p.bad(key, "want an integer, got %q", v)
	}
	return n, nil
}

// Size parses a byte size such as "8M", "64MiB", "1G" or "4096".
func (p Params) Size(key string, def int64) (int64, error) {
	v, ok := p.Options[key]
	if !ok || v == "" {
		return def, nil
	}
	n, err := ParseSize(v)
	if err != nil {
		return def, p.bad(key, "%v", err)
	}
	return n, nil
}

// Duration parses a Go duration option ("30s").
func (p Params) Duration(key string, def time.Duration) (time.Duration, error) {
	v, ok := p.Options[key]
	if !ok || v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return def, p.bad(key, "want a duration like 30s, got %q", v)
	}
	return d, nil
}

// ParseSize parses "4096", "8k", "8K", "8KiB", "64M", "1G", "1T" as powers
// of 1024 (as rclone does).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "ib"), "b")
	mult := int64(1)
	if t != "" {
		switch t[len(t)-1] {
		case 'k':
			mult = 1 << 10
		case 'm':
			mult = 1 << 20
		case 'g':
			mult = 1 << 30
		case 't':
			mult = 1 << 40
		}
		if mult != 1 {
			t = t[:len(t)-1]
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, errs.Errorf(errs.InvalidArgument, "", "", "bad size %q: want a number with an optional k, M, G or T suffix", s)
	}
	return n * mult, nil
}
