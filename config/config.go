package config

import (
	"maps"
	"slices"

	"github.com/cloudfs/cloudfs/transport"
)

// The account kinds, one per portable API under drivers/.
const (
	KindStorage = "storage"
	KindCompute = "compute"
	KindLB      = "lb"
	KindDNS     = "dns"
)

// Kinds lists every account kind in display order.
var Kinds = []string{KindStorage, KindCompute, KindLB, KindDNS}

// Config is a loaded, validated config file.
type Config struct {
	// Path is the file it was read from; "" for the embedded default.
	Path string
	// Transport is the global [transport] section, under every account's.
	Transport transport.Options
	// Accounts by name.
	Accounts map[string]*Account
}

// Account is one [accounts.NAME] table.
type Account struct {
	Name   string // the table's name: "minio", "aws-prod"
	Kind   string // one of Kinds
	Driver string // a driver name from drivers/registry
	// Options are every other key, as strings, with ${VAR} expanded and
	// KEY_env indirections resolved. Keys are lower-case.
	Options map[string]string
	// Transport is [accounts.NAME.transport], merged over the global
	// section with transport.Merge when the account is opened.
	Transport transport.Options
	// Containers are created when a storage account is first opened, if
	// missing (the "containers" key). The default config uses it for "demo".
	Containers []string
}

// Names returns the account names of kind ("" for every kind), sorted.
func (c *Config) Names(kind string) []string {
	var out []string
	for name, a := range c.Accounts {
		if kind == "" || a.Kind == kind {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Source describes where the config came from, for messages.
func (c *Config) Source() string {
	if c.Path == "" {
		return "the embedded default"
	}
	return c.Path
}

// clone returns a deep copy of a, so callers may not alter the config.
func (a *Account) clone() *Account {
	b := *a
	b.Options = maps.Clone(a.Options)
	b.Containers = slices.Clone(a.Containers)
	return &b
}
