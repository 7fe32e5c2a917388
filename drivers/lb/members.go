package lb

import (
	"context"
	"net/netip"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
)

// ListMembers returns a balancer's members.
func (a *Account) ListMembers(ctx context.Context, balancerID string) ([]Member, error) {
	const op = "lb.ListMembers"
	if err := a.checkID(op, "balancer", balancerID); err != nil {
		return nil, err
	}
	m, err := a.d.ListMembers(ctx, balancerID)
	return m, errs.Wrap(err, op, balancerID)
}

// AttachMember puts a backend behind a balancer. The IP is normalised;
// Condition defaults to enabled.
func (a *Account) AttachMember(ctx context.Context, balancerID string, m MemberSpec) (*Member, error) {
	const op = "lb.AttachMember"
	if err := a.checkID(op, "balancer", balancerID); err != nil {
		return nil, err
	}
	c, err := a.checkMember(op, balancerID, m)
	if err != nil {
		return nil, err
	}
	got, err := a.d.AttachMember(ctx, balancerID, &c)
	return got, errs.Wrap(err, op, balancerID+"/"+c.IP)
}

// AttachNode puts a compute node behind a balancer on port: its first
// public IP, else its first private IP. A node without an IP is
// errs.InvalidArgument.
func (a *Account) AttachNode(ctx context.Context, balancerID string, n compute.Node, port int) (*Member, error) {
	const op = "lb.AttachNode"
	ip := ""
	switch {
	case len(n.PublicIPs) > 0:
		ip = n.PublicIPs[0]
	case len(n.PrivateIPs) > 0:
		ip = n.PrivateIPs[0]
	default:
		return nil, errs.Errorf(errs.InvalidArgument, op, n.Name, "node %s has no IP address yet", n.ID)
	}
	m, err := a.AttachMember(ctx, balancerID, MemberSpec{IP: ip, Port: port, Extra: map[string]string{"node_id": n.ID}})
	return m, errs.Wrap(err, op, balancerID+"/"+n.Name)
}

// DetachMember removes a member from a balancer.
func (a *Account) DetachMember(ctx context.Context, balancerID, memberID string) error {
	const op = "lb.DetachMember"
	if err := a.checkID(op, "balancer", balancerID); err != nil {
		return err
	}
	if err := a.checkID(op, "member", memberID); err != nil {
		return err
	}
	return errs.Wrap(a.d.DetachMember(ctx, balancerID, memberID), op, balancerID+"/"+memberID)
}

// UpdateMember changes a member's weight or condition in place
// (errs.Unimplemented where the driver cannot).
func (a *Account) UpdateMember(ctx context.Context, balancerID, memberID string, u MemberUpdate) (*Member, error) {
	const op = "lb.UpdateMember"
	res := balancerID + "/" + memberID
	if err := a.checkID(op, "balancer", balancerID); err != nil {
		return nil, err
	}
	if err := a.checkID(op, "member", memberID); err != nil {
		return nil, err
	}
	if a.updater == nil {
		return nil, errs.E(errs.Unimplemented, op, res, nil)
	}
	if u.Weight != nil && *u.Weight < 0 {
		return nil, errs.Errorf(errs.InvalidArgument, op, res, "negative weight %d", *u.Weight)
	}
	if u.Condition != nil && !u.Condition.Valid() {
		return nil, errs.Errorf(errs.InvalidArgument, op, res, "condition %q: want enabled, disabled or draining", *u.Condition)
	}
	m, err := a.updater.UpdateMember(ctx, balancerID, memberID, &u)
	return m, errs.Wrap(err, op, res)
}

// checkMember validates and normalises a member spec.
func (a *Account) checkMember(op, res string, m MemberSpec) (MemberSpec, error) {
	ip, err := netip.ParseAddr(m.IP)
	if err != nil {
		return m, errs.Errorf(errs.InvalidArgument, op, res, "member IP %q is not an IP address", m.IP)
	}
	m.IP = ip.Unmap().String()
	if err := checkPort(op, res, m.Port); err != nil {
		return m, err
	}
	if m.Weight < 0 {
		return m, errs.Errorf(errs.InvalidArgument, op, res, "negative weight %d", m.Weight)
	}
	if m.Condition == "" {
		m.Condition = driver.MemberEnabled
	}
	if !m.Condition.Valid() {
		return m, errs.Errorf(errs.InvalidArgument, op, res, "condition %q: want enabled, disabled or draining", m.Condition)
	}
	if m.Condition != driver.MemberEnabled && !a.caps.MemberConditions {
		return m, errs.Errorf(errs.Unimplemented, op, res, "this provider attaches members enabled only")
	}
	return m, nil
}
