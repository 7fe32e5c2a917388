// Package memory is an in-memory load-balancer driver for tests: the
// conformance suite and the mount's unit tests run on it. It keeps
// balancers and members in memory, gives each balancer an address from
// 203.0.113.0/24 (TEST-NET-3), and checks input as a provider would (taken
// names, bad IPs and ports, duplicate members are errors of the right
// errs kind). It is safe for concurrent use.
package memory

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
	"github.com/cloudfs/cloudfs/drivers/params"
)

// Protocols are the protocols the driver takes.
var Protocols = []driver.Protocol{driver.HTTP, driver.HTTPS, driver.TCP, driver.SSL, driver.UDP}

// Driver is the in-memory load-balancer driver.
type Driver struct {
	mu        sync.Mutex
	seq       int
	balancers map[string]*driver.Balancer // by ID
}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.MemberUpdater = (*Driver)(nil)
)

// New returns an empty account.
func New() *Driver { return &Driver{balancers: map[string]*driver.Balancer{}} }

// Open is the registry's constructor. The driver takes no options.
func Open(context.Context, params.Params) (driver.Driver, error) { return New(), nil }

// Capabilities implements driver.Driver.
func (d *Driver) Capabilities() driver.Capabilities {
	return driver.Capabilities{Weights: true, MemberConditions: true, UniqueNames: true}
}

// Close implements driver.Driver.
func (d *Driver) Close() error { return nil }

// ListProtocols implements driver.Driver.
func (d *Driver) ListProtocols(ctx context.Context) ([]driver.Protocol, error) {
	return slices.Clone(Protocols), ctx.Err()
}

// ListAlgorithms implements driver.Driver.
func (d *Driver) ListAlgorithms(ctx context.Context) ([]driver.Algorithm, error) {
	return slices.Clone(driver.Algorithms), ctx.Err()
}

// nextID returns a new ID. d.mu must be held.
func (d *Driver) nextID(prefix string) string {
	d.seq++
	return fmt.Sprintf("%s-%06d", prefix, d.seq)
}

// balancer looks a balancer up. d.mu must be held.
func (d *Driver) balancer(ctx context.Context, op, id string) (*driver.Balancer, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, id)
	}
	b, ok := d.balancers[id]
	if !ok {
		return nil, errs.E(errs.NotFound, op, id, nil)
	}
	return b, nil
}

// copyBalancer returns a copy the caller may keep.
func copyBalancer(b *driver.Balancer) driver.Balancer {
	c := *b
	c.Extra = copyMap(b.Extra)
	c.Members = nil
	for _, m := range b.Members {
		m.Extra = copyMap(m.Extra)
		c.Members = append(c.Members, m)
	}
	return c
}

func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// checkFields validates what the provider would.
func checkFields(op, res string, port int, p driver.Protocol, a driver.Algorithm) error {
	switch {
	case port < 1 || port > 65535:
		return errs.Errorf(errs.InvalidArgument, op, res, "port %d", port)
	case !slices.Contains(Protocols, p):
		return errs.Errorf(errs.InvalidArgument, op, res, "protocol %q", p)
	case !slices.Contains(driver.Algorithms, a):
		return errs.Errorf(errs.InvalidArgument, op, res, "algorithm %q", a)
	}
	return nil
}

// ListBalancers implements driver.Driver, in (name, ID) order.
func (d *Driver) ListBalancers(ctx context.Context, opts *driver.ListOptions) (*driver.BalancerPage, error) {
	const op = "memory.ListBalancers"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, "")
	}
	d.mu.Lock()
	all := make([]driver.Balancer, 0, len(d.balancers))
	for _, b := range d.balancers {
		all = append(all, copyBalancer(b))
	}
	d.mu.Unlock()
	sort.Slice(all, func(i, j int) bool {
		if all[i].Name != all[j].Name {
			return all[i].Name < all[j].Name
		}
		return all[i].ID < all[j].ID
	})
	start := 0
	if opts.PageToken != "" {
		// The token is the (name, ID) of the last balancer returned.
		if !strings.Contains(opts.PageToken, "\x00") {
			return nil, errs.Errorf(errs.InvalidArgument, op, "", "bad page token %q", opts.PageToken)
		}
		i := slices.IndexFunc(all, func(b driver.Balancer) bool { return b.Name+"\x00"+b.ID > opts.PageToken })
		if i < 0 {
			i = len(all)
		}
		start = i
	}
	size := opts.PageSize
	if size <= 0 {
		size = 100
	}
	end := min(start+size, len(all))
	page := &driver.BalancerPage{Balancers: all[start:end]}
	if end < len(all) {
		last := all[end-1]
		page.NextPageToken = last.Name + "\x00" + last.ID
	}
	return page, nil
}

// GetBalancer implements driver.Driver.
func (d *Driver) GetBalancer(ctx context.Context, id string) (*driver.Balancer, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, err := d.balancer(ctx, "memory.GetBalancer", id)
	if err != nil {
		return nil, err
	}
	c := copyBalancer(b)
	return &c, nil
}

// CreateBalancer implements driver.Driver.
func (d *Driver) CreateBalancer(ctx context.Context, spec *driver.BalancerSpec) (*driver.Balancer, error) {
	const op = "memory.CreateBalancer"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, spec.Name)
	}
	algo := spec.Algorithm
	if algo == "" {
		algo = driver.RoundRobin
	}
	if spec.Name == "" {
		return nil, errs.Errorf(errs.InvalidArgument, op, "", "no name")
	}
	if err := checkFields(op, spec.Name, spec.Port, spec.Protocol, algo); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, b := range d.balancers {
		if b.Name == spec.Name {
			return nil, errs.E(errs.AlreadyExists, op, spec.Name, nil)
		}
	}
	id := d.nextID("lb")
	b := &driver.Balancer{
		ID: id, Name: spec.Name, State: driver.BalancerRunning,
		IP:   fmt.Sprintf("203.0.113.%d", 1+d.seq%254),
		Port: spec.Port, Protocol: spec.Protocol, Algorithm: algo, Extra: copyMap(spec.Extra),
	}
	for i := range spec.Members {
		if _, err := d.addMember(op, b, &spec.Members[i]); err != nil {
			return nil, err
		}
	}
	d.balancers[id] = b
	c := copyBalancer(b)
	return &c, nil
}

// UpdateBalancer implements driver.Driver.
func (d *Driver) UpdateBalancer(ctx context.Context, id string, u *driver.BalancerUpdate) (*driver.Balancer, error) {
	const op = "memory.UpdateBalancer"
	d.mu.Lock()
	defer d.mu.Unlock()
	b, err := d.balancer(ctx, op, id)
	if err != nil {
		return nil, err
	}
	next := copyBalancer(b)
	if u.Name != nil {
		next.Name = *u.Name
	}
	if u.Port != nil {
		next.Port = *u.Port
	}
	if u.Protocol != nil {
		next.Protocol = *u.Protocol
	}
	if u.Algorithm != nil {
		next.Algorithm = *u.Algorithm
	}
	if next.Name == "" {
		return nil, errs.Errorf(errs.InvalidArgument, op, id, "no name")
	}
	if err := checkFields(op, id, next.Port, next.Protocol, next.Algorithm); err != nil {
		return nil, err
	}
	for _, o := range d.balancers {
		if o.ID != id && o.Name == next.Name {
			return nil, errs.E(errs.AlreadyExists, op, next.Name, nil)
		}
	}
	*b = next
	c := copyBalancer(b)
	return &c, nil
}

// DestroyBalancer implements driver.Driver.
func (d *Driver) DestroyBalancer(ctx context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, err := d.balancer(ctx, "memory.DestroyBalancer", id); err != nil {
		return err
	}
	delete(d.balancers, id)
	return nil
}

// addMember validates and appends a member. d.mu must be held.
func (d *Driver) addMember(op string, b *driver.Balancer, m *driver.MemberSpec) (driver.Member, error) {
	ip, err := netip.ParseAddr(m.IP)
	if err != nil {
		return driver.Member{}, errs.Errorf(errs.InvalidArgument, op, b.Name, "member IP %q", m.IP)
	}
	if m.Port < 1 || m.Port > 65535 || m.Weight < 0 || m.Weight > 256 {
		return driver.Member{}, errs.Errorf(errs.InvalidArgument, op, b.Name, "member port %d or weight %d out of range", m.Port, m.Weight)
	}
	cond := m.Condition
	if cond == "" {
		cond = driver.MemberEnabled
	}
	if !cond.Valid() {
		return driver.Member{}, errs.Errorf(errs.InvalidArgument, op, b.Name, "condition %q", cond)
	}
	for _, o := range b.Members {
		if o.IP == ip.String() && o.Port == m.Port {
			return driver.Member{}, errs.Errorf(errs.AlreadyExists, op, b.Name, "member %s:%d", o.IP, o.Port)
		}
	}
	mem := driver.Member{ID: d.nextID("member"), IP: ip.String(), Port: m.Port, Weight: m.Weight, Condition: cond, Extra: copyMap(m.Extra)}
	b.Members = append(b.Members, mem)
	return mem, nil
}
