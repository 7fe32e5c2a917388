package registry

import (
	"github.com/cloudfs/cloudfs/config"
	computememory "github.com/cloudfs/cloudfs/drivers/compute/memory"
	dnsmemory "github.com/cloudfs/cloudfs/drivers/dns/memory"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefile"
	lbmemory "github.com/cloudfs/cloudfs/drivers/lb/memory"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
	storagememory "github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/cloudfs/cloudfs/drivers/storage/s3"
)

// table is every driver cloudfs knows, by kind, then name. This is the one
// place drivers are registered: add a line here (and nowhere else) to
// make a driver usable from the config, the CLI, the mount and sync.
//
// HTTP marks drivers that talk to a provider over HTTP: they get a client
// from transport.New, built from the account's merged transport options.
// Caps is what `cloudfs drivers` prints; registry_test checks it against
// the Features of every driver that can be opened offline.
var table = []DriverInfo{
	// Storage.
	{Name: "local", Kind: config.KindStorage, Summary: "a local directory tree; containers are its sub-directories",
		Caps: []string{"server-side copy", "native rename", "conditional write", "conditional read", "mtime"}, open: storageOpener(local.Open)},
	{Name: "memory", Kind: config.KindStorage, Summary: "in-process memory, emptied on exit (tests)",
		Caps: []string{"server-side copy", "native rename", "conditional write", "conditional read", "mtime"}, open: storageOpener(storagememory.Open)},
	{Name: "s3", Kind: config.KindStorage, HTTP: true, Summary: "Amazon S3 and compatible servers (MinIO, R2, Ceph, ...): see docs/S3.md",
		Caps: []string{"server-side copy", "multipart", "conditional write (per provider)", "conditional read", "signed URL", "mtime", "list uploads"}, open: storageOpener(s3.Open)},

	// Compute.
	{Name: "memory", Kind: config.KindCompute, Summary: "simulated in-process cloud with a small catalogue (tests, demo)",
		Caps: []string{"start/stop", "image lookup", "key pairs", "create key pair", "volumes", "snapshots", "ssh key auth", "password auth", "user data", "unique names"}, open: computeOpener(computememory.Open)},

	// Load balancers.
	{Name: "memory", Kind: config.KindLB, Summary: "in-process balancers, emptied on exit (tests, demo)",
		Caps: []string{"weights", "member conditions", "unique names", "update member"}, open: lbOpener(lbmemory.Open)},

	// DNS.
	{Name: "memory", Kind: config.KindDNS, Summary: "in-process zones, emptied on exit (tests)",
		Caps: []string{"slave zones", "provider owns apex NS", "atomic import"}, open: dnsOpener(dnsmemory.Open)},
	{Name: "zonefile", Kind: config.KindDNS, Summary: "BIND zone files in a directory, <dir>/<zone>.zone (BIND, Knot, NSD, CoreDNS)",
		Caps: []string{"atomic import"}, open: dnsOpener(zonefile.Open)},
}
