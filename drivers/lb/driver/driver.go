// Package driver defines the interfaces a load-balancer provider
// implements. It is used by provider packages (drivers/lb/memory, and
// later HAProxy, ELB, ...) and by the portable API in drivers/lb, which is
// what everyone else (the mount, the CLI) calls.
//
// Drivers stay small: the portable type checks names, ports, IPs, weights
// and conditions, checks protocols and algorithms against the driver's
// lists, wraps errors and discovers the optional interfaces once. Every
// error a driver returns must be classified with drivers/errs.
package driver

import "context"

// Driver is one configured load-balancer account.
type Driver interface {
	// ListProtocols and ListAlgorithms say what CreateBalancer takes.
	ListProtocols(ctx context.Context) ([]Protocol, error)
	ListAlgorithms(ctx context.Context) ([]Algorithm, error)

	// ListBalancers returns one page of balancers, with their members, in
	// name order where the provider allows. An empty PageToken starts at
	// the beginning; NextPageToken is "" after the last page.
	ListBalancers(ctx context.Context, opts *ListOptions) (*BalancerPage, error)
	// GetBalancer must return errs.NotFound for an unknown ID.
	GetBalancer(ctx context.Context, id string) (*Balancer, error)
	// CreateBalancer must return errs.AlreadyExists for a taken name (where
	// names are unique) and errs.InvalidArgument for anything the provider
	// refuses; it creates nothing when it fails.
	CreateBalancer(ctx context.Context, spec *BalancerSpec) (*Balancer, error)
	// UpdateBalancer changes name, port, protocol or algorithm, with the
	// errors of CreateBalancer plus errs.NotFound.
	UpdateBalancer(ctx context.Context, id string, u *BalancerUpdate) (*Balancer, error)
	// DestroyBalancer must return errs.NotFound for an unknown ID.
	DestroyBalancer(ctx context.Context, id string) error

	// ListMembers must return errs.NotFound for an unknown balancer.
	ListMembers(ctx context.Context, balancerID string) ([]Member, error)
	// AttachMember must return errs.NotFound for an unknown balancer,
	// errs.AlreadyExists if a member with that IP and port is attached and
	// errs.InvalidArgument for a bad IP, port or weight.
	AttachMember(ctx context.Context, balancerID string, m *MemberSpec) (*Member, error)
	// DetachMember must return errs.NotFound for an unknown balancer or
	// member.
	DetachMember(ctx context.Context, balancerID, memberID string) error

	// Capabilities reports what the driver supports beyond the above.
	Capabilities() Capabilities
	// Close releases the driver's resources.
	Close() error
}

// MemberUpdater is implemented by drivers that change a member in place:
// its weight, or its condition (disable it, drain it).
type MemberUpdater interface {
	// UpdateMember must return errs.NotFound for an unknown balancer or
	// member.
	UpdateMember(ctx context.Context, balancerID, memberID string, u *MemberUpdate) (*Member, error)
}
