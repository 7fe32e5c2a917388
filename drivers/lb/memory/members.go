package memory

import (
	"context"
	"slices"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
)

// ListMembers implements driver.Driver, in attach order.
func (d *Driver) ListMembers(ctx context.Context, balancerID string) ([]driver.Member, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, err := d.balancer(ctx, "memory.ListMembers", balancerID)
	if err != nil {
		return nil, err
	}
	return copyBalancer(b).Members, nil
}

// AttachMember implements driver.Driver.
func (d *Driver) AttachMember(ctx context.Context, balancerID string, m *driver.MemberSpec) (*driver.Member, error) {
	const op = "memory.AttachMember"
	d.mu.Lock()
	defer d.mu.Unlock()
	b, err := d.balancer(ctx, op, balancerID)
	if err != nil {
		return nil, err
	}
	mem, err := d.addMember(op, b, m)
	if err != nil {
		return nil, err
	}
	mem.Extra = copyMap(mem.Extra)
	return &mem, nil
}

// DetachMember implements driver.Driver.
func (d *Driver) DetachMember(ctx context.Context, balancerID, memberID string) error {
	const op = "memory.DetachMember"
	d.mu.Lock()
	defer d.mu.Unlock()
	b, i, err := d.member(ctx, op, balancerID, memberID)
	if err != nil {
		return err
	}
	b.Members = slices.Delete(b.Members, i, i+1)
	return nil
}

// UpdateMember implements driver.MemberUpdater.
func (d *Driver) UpdateMember(ctx context.Context, balancerID, memberID string, u *driver.MemberUpdate) (*driver.Member, error) {
	const op = "memory.UpdateMember"
	d.mu.Lock()
	defer d.mu.Unlock()
	b, i, err := d.member(ctx, op, balancerID, memberID)
	if err != nil {
		return nil, err
	}
	m := b.Members[i]
	if u.Weight != nil {
		if *u.Weight < 0 || *u.Weight > 256 {
			return nil, errs.Errorf(errs.InvalidArgument, op, memberID, "weight %d out of range", *u.Weight)
		}
		m.Weight = *u.Weight
	}
	if u.Condition != nil {
		if !u.Condition.Valid() {
			return nil, errs.Errorf(errs.InvalidArgument, op, memberID, "condition %q", *u.Condition)
		}
		m.Condition = *u.Condition
	}
	b.Members[i] = m
	m.Extra = copyMap(m.Extra)
	return &m, nil
}

// member finds a member. d.mu must be held.
func (d *Driver) member(ctx context.Context, op, balancerID, memberID string) (*driver.Balancer, int, error) {
	b, err := d.balancer(ctx, op, balancerID)
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(b.Members, func(m driver.Member) bool { return m.ID == memberID })
	if i < 0 {
		return nil, 0, errs.E(errs.NotFound, op, balancerID+"/"+memberID, nil)
	}
	return b, i, nil
}
