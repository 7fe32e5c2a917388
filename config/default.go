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
//   - "lab-lb": simulated in-memory load balancers (account names are
//     unique across kinds, so it cannot also be called "lab").
//   - "zones": DNS served from BIND zone files in DataDir()/zones.
func Default() *Config {
	data := DataDir()
	return &Config{
		Accounts: map[string]*Account{
			"local": {
				Name: "local", Kind: KindStorage, Driver: "local",
				Options:    map[string]string{"root": filepath.Join(data, "storage")},
				Containers: []string{"demo"},
			},
			"lab":    {Name: "lab", Kind: KindCompute, Driver: "memory", Options: map[string]string{}},
			"lab-lb": {Name: "lab-lb", Kind: KindLB, Driver: "memory", Options: map[string]string{}},
			"zones": {
				Name: "zones", Kind: KindDNS, Driver: "zonefile",
				Options: map[string]string{"dir": filepath.Join(data, "zones")},
			},
		},
	}
}
