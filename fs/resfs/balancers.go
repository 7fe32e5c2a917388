package resfs

import (
	"context"
	"encoding/json"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/lb"
	lbdriver "github.com/cloudfs/cloudfs/drivers/lb/driver"
)

// balancersKind is lb/<account>/balancers/<name>.json: a balancer with
// its members. Writing port, protocol or algorithm changes them; members
// are matched by ip and port, so a member added to the list is attached,
// one removed is detached, and a changed weight or condition is updated.
// A member's id and extra are the provider's and ignored when written.
type balancersKind struct{ a *lb.Account }

var _ folder = (*balancersKind)(nil)

func (k *balancersKind) owns(name string) bool       { return trimSuffix(name, ".json") != "" }
func (k *balancersKind) limit(_ string, def int) int { return def }
func (k *balancersKind) res(name string) string      { return trimSuffix(name, ".json") }

func (k *balancersKind) list(ctx context.Context) ([]item, error) {
	bs, err := k.a.ListBalancers(ctx)
	if err != nil {
		return nil, err
	}
	var out []item
	seen := map[string]bool{}
	for i := range bs {
		if !seen[bs[i].Name] {
			seen[bs[i].Name] = true
			out = append(out, item{bs[i].Name + ".json", render(bs[i])})
		}
	}
	return out, nil
}

func (k *balancersKind) get(ctx context.Context, file string) ([]byte, error) {
	b, err := k.a.BalancerByName(ctx, k.res(file))
	if err != nil {
		return nil, err
	}
	return render(b), nil
}

func (k *balancersKind) create(ctx context.Context, file string, data []byte) error {
	const op = "create balancer"
	name := k.res(file)
	var f lb.Balancer
	if err := decodeStrict(op, name, data, &f); err != nil {
		return err
	}
	ms, err := memberMap(op, name, f.Members)
	if err != nil {
		return err
	}
	specs := make([]lb.MemberSpec, 0, len(f.Members))
	for _, m := range f.Members {
		specs = append(specs, ms[memberKey(m)].spec(m.Extra))
	}
	_, err = k.a.CreateBalancer(ctx, lb.BalancerSpec{Name: name, Port: f.Port, Protocol: f.Protocol,
		Algorithm: f.Algorithm, Members: specs, Extra: f.Extra})
	return err
}

// update validates the whole change, then attaches new members, updates
// changed ones, changes the balancer, and detaches removed members, so
// that what the provider is most likely to refuse comes first.
func (k *balancersKind) update(ctx context.Context, file string, base, data []byte) error {
	const op = "update balancer"
	name := k.res(file)
	var f lb.Balancer
	if err := decodeStrict(op, name, data, &f); err != nil {
		return err
	}
	cur, err := k.a.BalancerByName(ctx, name)
	if err != nil {
		return err
	}
	b := *cur
	if base != nil {
		b = lb.Balancer{}
		_ = json.Unmarshal(base, &b)
	}
	c := newChanges(op, name, data)
	c.fixed("id", f.ID == b.ID)
	c.fixed("name", f.Name == b.Name)
	c.fixed("state", f.State == b.State)
	c.fixed("ip", f.IP == b.IP)
	c.fixed("extra", maps.Equal(f.Extra, b.Extra))
	if b.ID != "" && b.ID != cur.ID {
		c.stale = append(c.stale, "id")
	}
	f.Protocol = lb.Protocol(strings.ToLower(string(f.Protocol)))
	var u lb.BalancerUpdate
	if c.settable("port", b.Port == cur.Port, f.Port == cur.Port) {
		u.Port = &f.Port
	}
	if c.settable("protocol", strings.EqualFold(string(b.Protocol), string(cur.Protocol)), f.Protocol == cur.Protocol) {
		u.Protocol = &f.Protocol
	}
	if c.settable("algorithm", b.Algorithm == cur.Algorithm, f.Algorithm == cur.Algorithm) {
		u.Algorithm = &f.Algorithm
	}
	var p memberPlan
	if c.present["members"] {
		if p, err = planMembers(op, name, b.Members, cur.Members, f.Members, c); err != nil {
			return err
		}
	}
	if err := c.err(); err != nil {
		return err
	}
	if err := k.check(ctx, op, name, u); err != nil {
		return err
	}
	return k.applyPlan(ctx, cur.ID, u, p)
}

// check validates a balancer change before any call.
func (k *balancersKind) check(ctx context.Context, op, name string, u lb.BalancerUpdate) error {
	if u.Port != nil && (*u.Port < 1 || *u.Port > 65535) {
		return invalid(op, name, "port %d: want 1 to 65535", *u.Port)
	}
	if u.Protocol != nil {
		ps, err := k.a.ListProtocols(ctx)
		if err != nil {
			return err
		}
		if !slices.Contains(ps, *u.Protocol) {
			return invalid(op, name, "protocol %q: the provider takes %v", *u.Protocol, ps)
		}
	}
	if u.Algorithm != nil {
		as, err := k.a.ListAlgorithms(ctx)
		if err != nil {
			return err
		}
		if !slices.Contains(as, *u.Algorithm) {
			return invalid(op, name, "algorithm %q: the provider takes %v", *u.Algorithm, as)
		}
	}
	return nil
}

func (k *balancersKind) applyPlan(ctx context.Context, id string, u lb.BalancerUpdate, p memberPlan) error {
	for _, m := range p.attach {
		if _, err := k.a.AttachMember(ctx, id, m); err != nil {
			return err
		}
	}
	for _, m := range p.change {
		if !k.a.Features().UpdateMember {
			if err := k.a.DetachMember(ctx, id, m.id); err != nil {
				return err
			}
			if _, err := k.a.AttachMember(ctx, id, m.want.spec(m.extra)); err != nil {
				return err
			}
			continue
		}
		w, cond := m.want.weight, m.want.condition
		if _, err := k.a.UpdateMember(ctx, id, m.id, lb.MemberUpdate{Weight: &w, Condition: &cond}); err != nil {
			return err
		}
	}
	if u.Port != nil || u.Protocol != nil || u.Algorithm != nil {
		if _, err := k.a.UpdateBalancer(ctx, id, u); err != nil {
			return err
		}
	}
	for _, mid := range p.detach {
		if err := k.a.DetachMember(ctx, id, mid); err != nil {
			return err
		}
	}
	return nil
}

func (k *balancersKind) remove(ctx context.Context, file string) error {
	b, err := k.a.BalancerByName(ctx, k.res(file))
	if err != nil {
		return err
	}
	return k.a.DestroyBalancer(ctx, b.ID)
}

// member is what a write can say about a member, keyed by ip and port.
type member struct {
	ip        string
	port      int
	weight    int
	condition lb.MemberCondition
}

func (m member) spec(extra map[string]string) lb.MemberSpec {
	return lb.MemberSpec{IP: m.ip, Port: m.port, Weight: m.weight, Condition: m.condition, Extra: extra}
}

func memberKey(m lb.Member) string { return normIP(m.IP) + "|" + strconv.Itoa(m.Port) }

func normIP(ip string) string {
	if a, err := netip.ParseAddr(ip); err == nil {
		return a.Unmap().String()
	}
	return ip
}

func memberOf(m lb.Member) member {
	c := m.Condition
	if c == "" {
		c = lbdriver.MemberEnabled
	}
	return member{ip: normIP(m.IP), port: m.Port, weight: m.Weight, condition: c}
}

// memberMap checks a written member list (IPs, ports, weights,
// conditions, duplicates) and keys it.
func memberMap(op, name string, ms []lb.Member) (map[string]member, error) {
	out := make(map[string]member, len(ms))
	for _, m := range ms {
		if _, err := netip.ParseAddr(m.IP); err != nil {
			return nil, invalid(op, name, "member ip %q is not an IP address", m.IP)
		}
		if m.Port < 1 || m.Port > 65535 {
			return nil, invalid(op, name, "member %s port %d: want 1 to 65535", m.IP, m.Port)
		}
		if m.Weight < 0 {
			return nil, invalid(op, name, "member %s:%d: negative weight %d", m.IP, m.Port, m.Weight)
		}
		mm := memberOf(m)
		if !mm.condition.Valid() {
			return nil, invalid(op, name, "member %s:%d: condition %q: want enabled, disabled or draining", m.IP, m.Port, m.Condition)
		}
		key := memberKey(m)
		if _, dup := out[key]; dup {
			return nil, invalid(op, name, "member %s:%d is listed twice", mm.ip, m.Port)
		}
		out[key] = mm
	}
	return out, nil
}

// memberPlan is what a write does to the members.
type memberPlan struct {
	attach []lb.MemberSpec
	change []memberChange
	detach []string // member IDs
}

type memberChange struct {
	id    string
	want  member
	extra map[string]string
}

// planMembers works out the member changes from the current members to
// the written ones. A member changed at the provider since the base
// (added, removed, reweighted) that the write would undo is a conflict,
// noted in c.
func planMembers(op, name string, base, cur, want []lb.Member, c *changes) (memberPlan, error) {
	var p memberPlan
	w, err := memberMap(op, name, want)
	if err != nil {
		return p, err
	}
	b, cm := keyed(base), map[string]lb.Member{}
	for _, m := range cur {
		cm[memberKey(m)] = m
	}
	keys := map[string]bool{}
	for _, m := range [][]lb.Member{base, cur} {
		for _, x := range m {
			keys[memberKey(x)] = true
		}
	}
	for k := range w {
		keys[k] = true
	}
	for _, key := range slices.Sorted(maps.Keys(keys)) {
		bm, inB := b[key]
		cmem, inC := cm[key]
		wm, inW := w[key]
		cv := memberOf(cmem)
		if (inB != inC || (inB && bm != cv)) && (inW != inC || (inW && wm != cv)) {
			c.stale = append(c.stale, "members ("+strings.Replace(key, "|", ":", 1)+")")
			continue
		}
		switch {
		case inW && !inC:
			p.attach = append(p.attach, wm.spec(nil))
		case inC && !inW:
			p.detach = append(p.detach, cmem.ID)
		case inW && wm != cv:
			p.change = append(p.change, memberChange{id: cmem.ID, want: wm, extra: cmem.Extra})
		}
	}
	return p, nil
}

func keyed(ms []lb.Member) map[string]member {
	out := make(map[string]member, len(ms))
	for _, m := range ms {
		out[memberKey(m)] = memberOf(m)
	}
	return out
}
