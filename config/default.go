package config

import "path/filepath"

// Default is the config used when there is no file at the default place:
// accounts that need no cloud, kept under DataDir.
//
//   - "local": local-directory storage at DataDir()/storage, with a
//     container "demo" created on first use.
//   - "lab": a simulated in-memory compute cloud (its nodes live as long
//     as the process; the catalogue of sizes, images and locations is
//     built in).
//
// TODO(lb/dns): add "lab-lb" (memory lb; account names are unique across
// kinds, so it cannot also be "lab") and "zones" (zonefile dns at
// DataDir()/zones) once those drivers are registered in drivers/registry.
func Default() *Config {
	data := DataDir()
	return &Config{
		Accounts: map[string]*Account{
			"local": {
				Name: "local", Kind: KindStorage, Driver: "local",
				Options:    map[string]string{"root": filepath.Join(data, "storage")},
				Containers: []string{"demo"},
			},
			"lab": {Name: "lab", Kind: KindCompute, Driver: "memory", Options: map[string]string{}},
		},
	}
}
