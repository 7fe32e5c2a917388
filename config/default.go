package config

import "path/filepath"

// Default is the config used when there is no file at the default place:
// accounts that need no cloud, kept under DataDir.
//
//   - "local": local-directory storage at DataDir()/storage, with a
//     container "demo" created on first use.
//
// TODO(compute/lb/dns): add "lab" (memory compute), "lab-lb" (memory lb)
// and "zones" (zonefile dns at DataDir()/zones) once those drivers are
// registered in drivers/registry.
func Default() *Config {
	data := DataDir()
	return &Config{
		Accounts: map[string]*Account{
			"local": {
				Name: "local", Kind: KindStorage, Driver: "local",
				Options:    map[string]string{"root": filepath.Join(data, "storage")},
				Containers: []string{"demo"},
			},
		},
	}
}
