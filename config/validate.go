package config

import (
	"slices"
	"strings"
)

// validate checks what can be checked without knowing the drivers.
func (d *decoder) validate(a *Account) error {
	switch {
	case a.Kind == "":
		return d.bad(keyKind, "missing: set it to one of %s", strings.Join(Kinds, ", "))
	case !slices.Contains(Kinds, a.Kind):
		return d.bad(keyKind, "unknown kind %q: want one of %s", a.Kind, strings.Join(Kinds, ", "))
	case a.Driver == "":
		return d.bad(keyDriver, "missing: `cloudfs drivers` lists the %s drivers", a.Kind)
	case len(a.Containers) > 0 && a.Kind != KindStorage:
		return d.bad(keyContainers, "only storage accounts have containers")
	}
	for _, c := range a.Containers {
		if c == "" || strings.ContainsAny(c, "/\x00") || c == "." || c == ".." {
			return d.bad(keyContainers, "bad container name %q", c)
		}
	}
	return nil
}

// CheckDrivers checks every account's driver against drivers, which maps
// each kind to its driver names (drivers/registry supplies it). An unknown
// driver, or one of another kind, is an errs.InvalidArgument naming the
// account and the key.
func (c *Config) CheckDrivers(drivers map[string][]string) error {
	for _, name := range c.Names("") {
		if err := CheckDriver(c.Source(), c.Accounts[name], drivers); err != nil {
			return err
		}
	}
	return nil
}

// CheckDriver is CheckDrivers for one account; src names the config.
func CheckDriver(src string, a *Account, drivers map[string][]string) error {
	same := drivers[a.Kind]
	if slices.Contains(same, a.Driver) {
		return nil
	}
	for _, k := range Kinds {
		if slices.Contains(drivers[k], a.Driver) {
			return badKey(src, a.Name, keyDriver, "%q is a %s driver, but the account's kind is %s (%s drivers: %s)", a.Driver, k, a.Kind, a.Kind, list(same))
		}
	}
	return badKey(src, a.Name, keyDriver, "unknown %s driver %q (known: %s)", a.Kind, a.Driver, list(same))
}

func list(s []string) string {
	if len(s) == 0 {
		return "none yet"
	}
	s = slices.Sorted(slices.Values(s))
	return strings.Join(s, ", ")
}
