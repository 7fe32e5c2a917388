package lb

import (
	"context"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
)

// ListBalancers returns every balancer, following the driver's pages.
func (a *Account) ListBalancers(ctx context.Context) ([]Balancer, error) {
	const op = "lb.ListBalancers"
	var all []Balancer
	token := ""
	for {
		bs, next, err := a.ListBalancersPage(ctx, token, 0)
		if err != nil {
			return nil, errs.Wrap(err, op, "")
		}
		all = append(all, bs...)
		if next == "" {
			return all, nil
		}
		if next == token {
			return nil, errs.Errorf(errs.Unknown, op, "", "driver returned page token %q twice", next)
		}
		token = next
	}
}

// ListBalancersPage returns one page of balancers and the next page's
// token ("" after the last).
func (a *Account) ListBalancersPage(ctx context.Context, pageToken string, pageSize int) ([]Balancer, string, error) {
	const op = "lb.ListBalancersPage"
	if err := a.check(op, ""); err != nil {
		return nil, "", err
	}
	if pageSize < 0 {
		return nil, "", errs.Errorf(errs.InvalidArgument, op, "", "negative page size %d", pageSize)
	}
	p, err := a.d.ListBalancers(ctx, &driver.ListOptions{PageToken: pageToken, PageSize: pageSize})
	if err != nil {
		return nil, "", errs.Wrap(err, op, "")
	}
	return p.Balancers, p.NextPageToken, nil
}

// GetBalancer returns a balancer by ID; errs.NotFound if none.
func (a *Account) GetBalancer(ctx context.Context, id string) (*Balancer, error) {
	const op = "lb.GetBalancer"
	if err := a.checkID(op, "balancer", id); err != nil {
		return nil, err
	}
	b, err := a.d.GetBalancer(ctx, id)
	return b, errs.Wrap(err, op, id)
}

// BalancerByName finds a balancer by name (the mount's
// balancers/<name>.json): errs.NotFound if none, errs.InvalidArgument if
// several have the name.
func (a *Account) BalancerByName(ctx context.Context, name string) (*Balancer, error) {
	const op = "lb.BalancerByName"
	all, err := a.ListBalancers(ctx)
	if err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	var found *Balancer
	for i := range all {
		if all[i].Name != name {
			continue
		}
		if found != nil {
			return nil, errs.Errorf(errs.InvalidArgument, op, name, "several balancers have this name; use an ID")
		}
		found = &all[i]
	}
	if found == nil {
		return nil, errs.E(errs.NotFound, op, name, nil)
	}
	return found, nil
}

// CreateBalancer creates a balancer with its first members. Protocol is
// lower-cased; Algorithm defaults to round robin.
func (a *Account) CreateBalancer(ctx context.Context, spec BalancerSpec) (*Balancer, error) {
	const op = "lb.CreateBalancer"
	if err := a.check(op, spec.Name); err != nil {
		return nil, err
	}
	if err := checkName(op, spec.Name); err != nil {
		return nil, err
	}
	if err := checkPort(op, spec.Name, spec.Port); err != nil {
		return nil, err
	}
	spec.Protocol = Protocol(strings.ToLower(string(spec.Protocol)))
	if spec.Protocol == "" {
		return nil, errs.Errorf(errs.InvalidArgument, op, spec.Name, "no protocol")
	}
	if spec.Algorithm == "" {
		spec.Algorithm = driver.RoundRobin
	}
	if err := a.checkProtoAlgo(ctx, op, spec.Name, spec.Protocol, spec.Algorithm); err != nil {
		return nil, err
	}
	members := make([]MemberSpec, len(spec.Members))
	for i, m := range spec.Members {
		c, err := a.checkMember(op, spec.Name, m)
		if err != nil {
			return nil, err
		}
		members[i] = c
	}
	spec.Members = members
	b, err := a.d.CreateBalancer(ctx, &spec)
	return b, errs.Wrap(err, op, spec.Name)
}

// UpdateBalancer changes a balancer's name, port, protocol or algorithm.
func (a *Account) UpdateBalancer(ctx context.Context, id string, u BalancerUpdate) (*Balancer, error) {
	const op = "lb.UpdateBalancer"
	if err := a.checkID(op, "balancer", id); err != nil {
		return nil, err
	}
	if u.Name != nil {
		if err := checkName(op, *u.Name); err != nil {
			return nil, err
		}
	}
	if u.Port != nil {
		if err := checkPort(op, id, *u.Port); err != nil {
			return nil, err
		}
	}
	var p Protocol
	var al Algorithm
	if u.Protocol != nil {
		p = Protocol(strings.ToLower(string(*u.Protocol)))
		u.Protocol = &p
		if p == "" {
			return nil, errs.Errorf(errs.InvalidArgument, op, id, "empty protocol")
		}
	}
	if u.Algorithm != nil {
		if al = *u.Algorithm; al == "" {
			return nil, errs.Errorf(errs.InvalidArgument, op, id, "empty algorithm")
		}
	}
	if err := a.checkProtoAlgo(ctx, op, id, p, al); err != nil {
		return nil, err
	}
	b, err := a.d.UpdateBalancer(ctx, id, &u)
	return b, errs.Wrap(err, op, id)
}

// DestroyBalancer destroys a balancer (its members are detached).
func (a *Account) DestroyBalancer(ctx context.Context, id string) error {
	const op = "lb.DestroyBalancer"
	if err := a.checkID(op, "balancer", id); err != nil {
		return err
	}
	return errs.Wrap(a.d.DestroyBalancer(ctx, id), op, id)
}
