// Package lb is the portable load-balancer API: balancers and their
// members over any provider that implements drivers/lb/driver. The mount
// (lb/<account>/balancers/<name>.json, protocols, algorithms), the CLI and
// tests use it; provider packages (drivers/lb/memory, ...) implement the
// driver side.
//
// An Account wraps one driver. It checks names, ports, member IPs,
// weights and conditions before anything reaches the provider, checks
// protocols and algorithms against the driver's lists (asked once), wraps
// every error with the operation and resource keeping its errs kind, and
// discovers optional interfaces once: a missing one gives
// errs.Unimplemented. AttachNode puts a compute node behind a balancer.
package lb

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
)

// The portable types are the driver's. See drivers/lb/driver.
type (
	Balancer        = driver.Balancer
	BalancerState   = driver.BalancerState
	BalancerSpec    = driver.BalancerSpec
	BalancerUpdate  = driver.BalancerUpdate
	Member          = driver.Member
	MemberSpec      = driver.MemberSpec
	MemberUpdate    = driver.MemberUpdate
	MemberCondition = driver.MemberCondition
	Protocol        = driver.Protocol
	Algorithm       = driver.Algorithm
)

// Account is one load-balancer account behind the portable API. It is
// safe for concurrent use.
type Account struct {
	d       driver.Driver
	caps    driver.Capabilities
	updater driver.MemberUpdater
	closed  atomic.Bool

	listsMu    sync.Mutex
	protocols  []Protocol
	algorithms []Algorithm
}

// New wraps a driver. Optional interfaces are discovered here, once.
func New(d driver.Driver) *Account {
	a := &Account{d: d, caps: d.Capabilities()}
	a.updater, _ = d.(driver.MemberUpdater)
	return a
}

// Features is what an account can do.
type Features struct {
	driver.Capabilities
	UpdateMember bool // UpdateMember (weights, draining) in place
}

// Features reports what the account supports.
func (a *Account) Features() Features {
	return Features{Capabilities: a.caps, UpdateMember: a.updater != nil}
}

var errClosed = errors.New("account is closed")

// Close closes the driver. Later calls fail with errs.PreconditionFailed.
func (a *Account) Close() error {
	if a.closed.Swap(true) {
		return errs.E(errs.PreconditionFailed, "lb.Close", "", errClosed)
	}
	return errs.Wrap(a.d.Close(), "lb.Close", "")
}

func (a *Account) check(op, resource string) error {
	if a.closed.Load() {
		return errs.E(errs.PreconditionFailed, op, resource, errClosed)
	}
	return nil
}

// ListProtocols lists the protocols balancers can use.
func (a *Account) ListProtocols(ctx context.Context) ([]Protocol, error) {
	const op = "lb.ListProtocols"
	if err := a.check(op, ""); err != nil {
		return nil, err
	}
	p, err := a.d.ListProtocols(ctx)
	return p, errs.Wrap(err, op, "")
}

// ListAlgorithms lists the algorithms balancers can use.
func (a *Account) ListAlgorithms(ctx context.Context) ([]Algorithm, error) {
	const op = "lb.ListAlgorithms"
	if err := a.check(op, ""); err != nil {
		return nil, err
	}
	al, err := a.d.ListAlgorithms(ctx)
	return al, errs.Wrap(err, op, "")
}

// checkProtoAlgo checks a protocol and algorithm against the driver's
// lists, fetched once. Empty values are not checked.
func (a *Account) checkProtoAlgo(ctx context.Context, op, res string, p Protocol, al Algorithm) error {
	a.listsMu.Lock()
	defer a.listsMu.Unlock()
	if a.protocols == nil {
		ps, err := a.d.ListProtocols(ctx)
		if err != nil {
			return errs.Wrap(err, op, res)
		}
		as, err := a.d.ListAlgorithms(ctx)
		if err != nil {
			return errs.Wrap(err, op, res)
		}
		a.protocols, a.algorithms = ps, as
	}
	if p != "" && !slices.Contains(a.protocols, p) {
		return errs.Errorf(errs.InvalidArgument, op, res, "protocol %q: the provider takes %v", p, a.protocols)
	}
	if al != "" && !slices.Contains(a.algorithms, al) {
		return errs.Errorf(errs.InvalidArgument, op, res, "algorithm %q: the provider takes %v", al, a.algorithms)
	}
	return nil
}
