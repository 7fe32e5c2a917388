package config

import (
	"os"
	"path/filepath"
)

// EnvConfig names the environment variable that overrides the config path.
const EnvConfig = "CLOUDFS_CONFIG"

// DefaultPath is $XDG_CONFIG_HOME/cloudfs/config.toml, by default
// ~/.config/cloudfs/config.toml. It ignores CLOUDFS_CONFIG.
func DefaultPath() string {
	return filepath.Join(xdg("XDG_CONFIG_HOME", ".config"), "cloudfs", "config.toml")
}

// DataDir is where cloudfs keeps local state and the default local
// storage: $XDG_DATA_HOME/cloudfs, by default ~/.local/share/cloudfs.
func DataDir() string {
	return filepath.Join(xdg("XDG_DATA_HOME", filepath.Join(".local", "share")), "cloudfs")
}

// resolve turns Load's argument into the file to read and whether the
// user named it (then a missing file is an error).
func resolve(path string) (string, bool) {
	if path != "" {
		return path, true
	}
	if p := os.Getenv(EnvConfig); p != "" {
		return p, true
	}
	return DefaultPath(), false
}

// xdg returns $env if it is an absolute path (as the XDG spec requires),
// else $HOME/fallback.
func xdg(env, fallback string) string {
	if d := os.Getenv(env); filepath.IsAbs(d) {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		home = os.TempDir()
	}
	return filepath.Join(home, fallback)
}
