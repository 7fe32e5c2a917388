package config

import (
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/transport"
)

const op = "config"

// Load reads and validates the config file at path. An empty path means
// $CLOUDFS_CONFIG, else DefaultPath. A missing file at the default place
// gives Default(); a missing file the user named is an errs.NotFound.
//
// Every mistake in the file is an errs.InvalidArgument naming the account
// and key. A world-readable file that holds secrets draws a slog.Warn.
func Load(path string) (*Config, error) {
	p, explicit := resolve(path)
	data, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		return Default(), nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, errs.Errorf(errs.NotFound, op, p, "no config file here")
	case err != nil:
		return nil, errs.E(errs.PermissionDenied, op, p, err)
	}
	cfg, secrets, err := Parse(p, data)
	if err != nil {
		return nil, err
	}
	if secrets {
		warnIfWorldReadable(p)
	}
	return cfg, nil
}

// rawFile is the file's shape before validation.
type rawFile struct {
	Transport transport.Options                    `toml:"transport"`
	Accounts  map[string]map[string]toml.Primitive `toml:"accounts"`
}

// Parse decodes and validates config text; path is used in messages and
// stored in Config.Path. secrets reports whether the text itself holds a
// secret (a secret-looking option with a literal value).
func Parse(path string, data []byte) (cfg *Config, secrets bool, err error) {
	src := path
	if src == "" {
		src = "config"
	}
	var raw rawFile
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		return nil, false, errs.E(errs.InvalidArgument, op, src, err)
	}
	cfg = &Config{Path: path, Transport: raw.Transport, Accounts: map[string]*Account{}}
	if err := expandTransport(&cfg.Transport); err != nil {
		return nil, false, errs.Errorf(errs.InvalidArgument, op, src, "transport: %v", err)
	}
	for _, name := range slices.Sorted(maps.Keys(raw.Accounts)) {
		d := &decoder{md: &md, src: src, name: name}
		a, lit, err := d.account(raw.Accounts[name])
		if err != nil {
			return nil, false, err
		}
		secrets = secrets || lit
		cfg.Accounts[name] = a
	}
	if un := md.Undecoded(); len(un) > 0 {
		keys := make([]string, len(un))
		for i, k := range un {
			keys[i] = k.String()
		}
		return nil, false, errs.Errorf(errs.InvalidArgument, op, src, "unknown key %s", strings.Join(keys, ", "))
	}
	return cfg, secrets, nil
}

// warnIfWorldReadable logs when other users can read the file.
func warnIfWorldReadable(path string) {
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm()&0o004 == 0 {
		return
	}
	slog.Warn("config file holds secrets and is world-readable; run chmod 600 on it", "file", path, "mode", st.Mode().Perm().String())
}
