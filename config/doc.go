// Package config reads cloudfs's TOML config file: a global [transport]
// section and one [accounts.NAME] table per provider account. The CLI
// (cmd/cloudfs) loads it; drivers/registry turns each Account into an open
// driver. Nothing else reads the file.
//
// The file lives at $XDG_CONFIG_HOME/cloudfs/config.toml (default
// ~/.config/cloudfs/config.toml); CLOUDFS_CONFIG or --config names another.
// With no file at the default place, the embedded Default is used, whose
// accounts need no cloud. docs/CONFIG.md describes every key.
package config
