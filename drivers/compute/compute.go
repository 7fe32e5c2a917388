// Package compute is the portable compute API: nodes (virtual machines),
// their sizes, images and locations, SSH key pairs, block volumes and
// snapshots, over any provider that implements drivers/compute/driver.
// The mount (compute/<account>/...), the CLI and tests use it; provider
// packages (drivers/compute/memory, ...) implement the driver side.
//
// An Account wraps one driver. It checks arguments before anything reaches
// the provider (a spec naming an unknown size or image fails with
// errs.InvalidArgument and creates nothing), wraps every error with the
// operation and resource ("compute.CreateNode web1: ..."), keeping its
// errs kind, and discovers the driver's optional interfaces once: calling
// a missing one gives errs.Unimplemented, and Features says up front what
// is there.
package compute

import (
	"sync/atomic"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Account is one compute account behind the portable API. It is safe for
// concurrent use if its driver is (every driver must be).
type Account struct {
	d        driver.Driver
	caps     driver.Capabilities
	startStp driver.StartStopper
	images   driver.ImageGetter
	keys     driver.KeyPairManager
	keyGen   driver.KeyPairCreator
	volumes  driver.VolumeManager
	snaps    driver.Snapshotter
	closed   atomic.Bool
}

// New wraps a driver. The optional interfaces are discovered here, once.
func New(d driver.Driver) *Account {
	a := &Account{d: d, caps: d.Capabilities()}
	a.startStp, _ = d.(driver.StartStopper)
	a.images, _ = d.(driver.ImageGetter)
	a.keys, _ = d.(driver.KeyPairManager)
	a.keyGen, _ = d.(driver.KeyPairCreator)
	a.volumes, _ = d.(driver.VolumeManager)
	a.snaps, _ = d.(driver.Snapshotter)
	return a
}

// Features is what an account can do: the driver's declared capabilities
// plus the optional parts it implements.
type Features struct {
	driver.Capabilities
	StartStop     bool // StartNode, StopNode
	ImageLookup   bool // GetImage without listing every image
	KeyPairs      bool // ListKeyPairs, GetKeyPair, ImportKeyPair, DeleteKeyPair
	CreateKeyPair bool // CreateKeyPair (provider-generated keys)
	Volumes       bool // the volume methods
	Snapshots     bool // the snapshot methods
}

// Features reports what the account supports. Calling a method whose
// feature is false gives errs.Unimplemented.
func (a *Account) Features() Features {
	return Features{
		Capabilities:  a.caps,
		StartStop:     a.startStp != nil,
		ImageLookup:   a.images != nil,
		KeyPairs:      a.keys != nil,
		CreateKeyPair: a.keyGen != nil,
		Volumes:       a.volumes != nil,
		Snapshots:     a.snaps != nil,
	}
}

// Close closes the driver. Later calls fail with errs.PreconditionFailed.
func (a *Account) Close() error {
	if a.closed.Swap(true) {
		return errs.E(errs.PreconditionFailed, "compute.Close", "", errClosed)
	}
	return errs.Wrap(a.d.Close(), "compute.Close", "")
}

// check is called first by every method.
func (a *Account) check(op, resource string) error {
	if a.closed.Load() {
		return errs.E(errs.PreconditionFailed, op, resource, errClosed)
	}
	return nil
}

// unimplemented is the error for a missing optional interface.
func unimplemented(op, resource string) error {
	return errs.E(errs.Unimplemented, op, resource, nil)
}
