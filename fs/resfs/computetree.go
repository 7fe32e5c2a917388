package resfs

import (
	"context"
	"maps"
	"slices"

	"github.com/cloudfs/cloudfs/drivers/compute"
	gofs "github.com/hanwen/go-fuse/v2/fs"
)

// newComputeTree is compute/: one folder per compute account.
func newComputeTree(m *mount, acc Accounts) gofs.InodeEmbedder {
	var kids []staticChild
	for _, name := range slices.Sorted(maps.Keys(acc.Compute)) {
		kids = append(kids, staticChild{name, newComputeAccount(m, name, acc.Compute[name]), true})
	}
	return newStaticDir(m, append(kids, failedAccounts(m, acc, kindCompute)...)...)
}

// newComputeAccount is compute/<account>/: nodes, the catalogues, key
// pairs and volumes where the provider has them, and .errors.
func newComputeAccount(m *mount, name string, a *compute.Account) *staticDir {
	log := newErrorLog(m.opts.Logger)
	path := kindCompute + "/" + name
	f := a.Features()
	kids := []staticChild{
		{"nodes", newResDir(m, log, path+"/nodes", newNodesKind(a)), true},
		{"images", newCatalogDir(m, func(ctx context.Context) ([]item, error) {
			l, err := a.ListImages(ctx, "")
			return catalogItems(l, func(i compute.Image) string { return i.ID }), err
		}), true},
		{"sizes", newCatalogDir(m, func(ctx context.Context) ([]item, error) {
			l, err := a.ListSizes(ctx, "")
			return catalogItems(l, func(s compute.Size) string { return s.ID }), err
		}), true},
		{"locations", newCatalogDir(m, func(ctx context.Context) ([]item, error) {
			l, err := a.ListLocations(ctx)
			return catalogItems(l, func(l compute.Location) string { return l.ID }), err
		}), true},
		{".errors", errorsFile(m, log), false},
	}
	if f.KeyPairs {
		kids = append(kids, staticChild{"keypairs", newResDir(m, log, path+"/keypairs", &keyPairsKind{a}), true})
	}
	if f.Volumes {
		kids = append(kids, staticChild{"volumes", newResDir(m, log, path+"/volumes", &volumesKind{a}), true})
	}
	return newStaticDir(m, kids...)
}

// catalogItems renders a catalogue, one <id>.json per entry.
func catalogItems[T any](list []T, id func(T) string) []item {
	out := make([]item, len(list))
	for i, v := range list {
		out[i] = item{escapeID(id(v)) + ".json", render(v)}
	}
	return out
}

// failedAccounts are the accounts of kind that could not be opened: a
// folder holding only .errors, which says why.
func failedAccounts(m *mount, acc Accounts, kind string) []staticChild {
	var kids []staticChild
	for _, name := range slices.Sorted(maps.Keys(acc.Failed)) {
		f := acc.Failed[name]
		if f.Kind != kind {
			continue
		}
		log := newErrorLog(m.opts.Logger)
		log.put(kind+"/"+name, f.Err) // Open has logged it
		kids = append(kids, staticChild{name, newStaticDir(m, staticChild{".errors", errorsFile(m, log), false}), true})
	}
	return kids
}
