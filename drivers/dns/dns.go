// Package dns is the portable DNS API: zones and records over any provider
// that implements drivers/dns/driver, plus BIND zone-file export and
// import. The mount (dns/<account>/<zone>/records and zone.json), the CLI
// and tests use it; provider packages (drivers/dns/memory,
// drivers/dns/zonefile, ...) implement the driver side.
//
// An Account wraps one driver. It normalises names before they reach the
// driver (IDN zones to punycode, record names relative to the zone, lower
// case), canonicalises record data (see drivers/dns/zonefmt), refuses
// record types the provider does not support with errs.InvalidArgument,
// and wraps every error with the operation and resource, keeping its
// errs kind.
package dns

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Account is one DNS account behind the portable API. It is safe for
// concurrent use.
type Account struct {
	d       driver.Driver
	caps    driver.Capabilities
	applier driver.ChangeApplier
	closed  atomic.Bool

	typesMu sync.Mutex
	types   map[driver.RecordType]bool // supported types, once known
}

// New wraps a driver. Optional interfaces are discovered here, once.
func New(d driver.Driver) *Account {
	a := &Account{d: d, caps: d.Capabilities()}
	a.applier, _ = d.(driver.ChangeApplier)
	return a
}

// Features is what an account can do.
type Features struct {
	driver.Capabilities
	// AtomicImport: an import applies all its changes or none.
	AtomicImport bool
}

// Features reports what the account supports.
func (a *Account) Features() Features {
	return Features{Capabilities: a.caps, AtomicImport: a.applier != nil}
}

var errClosed = errors.New("account is closed")

// Close closes the driver. Later calls fail with errs.PreconditionFailed.
func (a *Account) Close() error {
	if a.closed.Swap(true) {
		return errs.E(errs.PreconditionFailed, "dns.Close", "", errClosed)
	}
	return errs.Wrap(a.d.Close(), "dns.Close", "")
}

func (a *Account) check(op, resource string) error {
	if a.closed.Load() {
		return errs.E(errs.PreconditionFailed, op, resource, errClosed)
	}
	return nil
}

// RecordTypes lists the record types the provider supports.
func (a *Account) RecordTypes(ctx context.Context) ([]RecordType, error) {
	const op = "dns.RecordTypes"
	if err := a.check(op, ""); err != nil {
		return nil, err
	}
	ts, err := a.d.RecordTypes(ctx)
	return ts, errs.Wrap(err, op, "")
}

// supports reports whether the provider takes records of type t. The
// driver's list is asked for once.
func (a *Account) supports(ctx context.Context, t RecordType) (bool, error) {
	a.typesMu.Lock()
	defer a.typesMu.Unlock()
	if a.types == nil {
		ts, err := a.d.RecordTypes(ctx)
		if err != nil {
			return false, err
		}
		a.types = map[driver.RecordType]bool{}
		for _, t := range ts {
			a.types[t] = true
		}
	}
	return a.types[t], nil
}
