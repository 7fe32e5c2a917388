package config

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Keys of an account table that are not driver options.
const (
	keyKind       = "kind"
	keyDriver     = "driver"
	keyTransport  = "transport"
	keyContainers = "containers"
	envSuffix     = "_env" // KEY_env = "VAR": KEY's value is $VAR
)

var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// ValidName reports whether name can name an account: letters, digits,
// '.', '_' and '-', not starting with a punctuation mark. (A name appears
// in "name:container/key" paths and as a directory of the mount.)
func ValidName(name string) bool { return len(name) <= 64 && validName.MatchString(name) }

// decoder turns one [accounts.NAME] table into an Account.
type decoder struct {
	md   *toml.MetaData
	src  string
	name string
}

// bad is an InvalidArgument naming the account and key.
func (d *decoder) bad(key, format string, args ...any) error {
	return badKey(d.src, d.name, key, format, args...)
}

func badKey(src, account, key, format string, args ...any) error {
	where := "accounts." + account
	if !ValidName(account) {
		where = fmt.Sprintf("accounts.%q", account)
	}
	if key != "" {
		where += "." + key
	}
	return errs.Errorf(errs.InvalidArgument, op, src, where+": "+format, args...)
}

// account decodes the table. literalSecret reports a secret option whose
// value is written in the file itself.
func (d *decoder) account(table map[string]toml.Primitive) (a *Account, literalSecret bool, err error) {
	if !ValidName(d.name) {
		return nil, false, d.bad("", "bad account name: use letters, digits, '.', '_' and '-'")
	}
	a = &Account{Name: d.name, Options: map[string]string{}}
	envKeys := map[string]string{}
	for key, prim := range table {
		k := strings.ToLower(key)
		switch {
		case k == keyKind:
			err = d.decodeString(k, prim, &a.Kind)
		case k == keyDriver:
			err = d.decodeString(k, prim, &a.Driver)
		case k == keyTransport:
			err = d.md.PrimitiveDecode(prim, &a.Transport)
			if err == nil {
				err = expandTransport(&a.Transport)
			}
			if err != nil {
				err = d.bad(k, "%v", err)
			}
		case k == keyContainers:
			if err = d.md.PrimitiveDecode(prim, &a.Containers); err != nil {
				err = d.bad(k, "want a list of container names")
			}
		case strings.HasSuffix(k, envSuffix):
			var v string
			if err = d.decodeString(k, prim, &v); err == nil {
				envKeys[k] = v
			}
		default:
			var v, lit string
			if lit, err = d.option(k, prim); err == nil {
				if v, err = expand(lit); err != nil {
					err = d.bad(k, "%v", err)
				}
			}
			if _, dup := a.Options[k]; dup && err == nil {
				err = d.bad(k, "set twice (keys are case-insensitive)")
			}
			a.Options[k] = v
			literalSecret = literalSecret || (IsSecret(k) && v != "" && !strings.Contains(lit, "${"))
		}
		if err != nil {
			return nil, false, err
		}
	}
	for k, envName := range envKeys {
		opt := strings.TrimSuffix(k, envSuffix)
		if _, dup := a.Options[opt]; dup {
			return nil, false, d.bad(k, "conflicts with %s: set one of them", opt)
		}
		v, ok := os.LookupEnv(envName)
		if !ok {
			return nil, false, d.bad(k, "environment variable %s is not set", envName)
		}
		a.Options[opt] = v
	}
	return a, literalSecret, d.validate(a)
}

func (d *decoder) decodeString(key string, prim toml.Primitive, out *string) error {
	if err := d.md.PrimitiveDecode(prim, out); err != nil {
		return d.bad(key, "want a string")
	}
	v, err := expand(*out)
	if err != nil {
		return d.bad(key, "%v", err)
	}
	*out = v
	return nil
}

// option decodes a driver option; numbers, booleans and times become
// strings, since drivers parse options themselves (drivers/params).
func (d *decoder) option(key string, prim toml.Primitive) (string, error) {
	var v any
	if err := d.md.PrimitiveDecode(prim, &v); err != nil {
		return "", d.bad(key, "%v", err)
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	case time.Time:
		return v.Format(time.RFC3339Nano), nil
	}
	return "", d.bad(key, "want a string, number or boolean, not a %s", tomlType(v))
}

func tomlType(v any) string {
	switch v.(type) {
	case []any, []map[string]any:
		return "list"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}
