package memory

import (
	"context"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

const (
	defaultPageSize = 50
	maxPageSize     = 1000
	maxUserData     = 16 << 10
	// SimulateKey in NodeSpec.Extra set to "error" makes the node fail to
	// boot: it goes from pending to error instead of running.
	SimulateKey = "simulate"
)

// ListNodes implements driver.Driver: nodes in (name, ID) order. The page
// token is the sort key of the last node returned, so a page never skips
// or repeats a node that was there throughout.
func (d *Driver) ListNodes(ctx context.Context, opts *driver.ListOptions) (*driver.NodePage, error) {
	const op = "memory.ListNodes"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, "")
	}
	size := opts.PageSize
	if size <= 0 {
		size = defaultPageSize
	}
	size = min(size, maxPageSize)
	after := ""
	if opts.PageToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(opts.PageToken)
		if err != nil {
			return nil, errs.Errorf(errs.InvalidArgument, op, "", "bad page token %q", opts.PageToken)
		}
		after = string(b)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	all := make([]*node, 0, len(d.nodes))
	for _, n := range d.nodes {
		if sortKey(n) > after {
			all = append(all, n)
		}
	}
	sort.Slice(all, func(i, j int) bool { return sortKey(all[i]) < sortKey(all[j]) })
	page := &driver.NodePage{}
	for i, n := range all {
		if i == size {
			page.NextPageToken = base64.RawURLEncoding.EncodeToString([]byte(sortKey(all[i-1])))
			break
		}
		d.observe(n)
		page.Nodes = append(page.Nodes, n.snapshot())
	}
	return page, nil
}

func sortKey(n *node) string { return n.n.Name + "\x00" + n.n.ID }

// GetNode implements driver.Driver.
func (d *Driver) GetNode(ctx context.Context, id string) (*driver.Node, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, err := d.node(ctx, "memory.GetNode", id)
	if err != nil {
		return nil, err
	}
	d.observe(n)
	c := n.snapshot()
	return &c, nil
}

// node looks a node up. d.mu must be held.
func (d *Driver) node(ctx context.Context, op, id string) (*node, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, id)
	}
	n, ok := d.nodes[id]
	if !ok {
		return nil, errs.E(errs.NotFound, op, id, nil)
	}
	return n, nil
}

// CreateNode implements driver.Driver.
func (d *Driver) CreateNode(ctx context.Context, spec *driver.NodeSpec) (*driver.Node, error) {
	const op = "memory.CreateNode"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, spec.Name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.checkSpec(op, spec); err != nil {
		return nil, err
	}
	loc := spec.Location
	if loc == "" {
		loc = DefaultLocation
	}
	d.ipSerial++
	n := &node{n: driver.Node{
		ID:         d.nextID("node"),
		Name:       spec.Name,
		PublicIPs:  []string{fmt.Sprintf("198.51.100.%d", 1+d.ipSerial%250)},
		PrivateIPs: []string{fmt.Sprintf("10.0.%d.%d", d.ipSerial/250, 1+d.ipSerial%250)},
		Size:       spec.Size,
		Image:      spec.Image,
		Location:   loc,
		CreatedAt:  now(),
		Extra:      copyMap(spec.Extra),
	}}
	target := driver.NodeRunning
	if spec.Extra[SimulateKey] == "error" {
		target = driver.NodeError
	}
	d.moveTo(n, driver.NodePending, target)
	d.nodes[n.n.ID] = n
	c := n.snapshot()
	return &c, nil
}

// checkSpec validates a spec as a provider would. d.mu must be held.
func (d *Driver) checkSpec(op string, s *driver.NodeSpec) error {
	bad := func(format string, args ...any) error {
		return errs.Errorf(errs.InvalidArgument, op, s.Name, format, args...)
	}
	if !validHostname(s.Name) {
		return bad("node names are host names: 1 to 63 letters, digits, '-' and '.'")
	}
	for _, n := range d.nodes {
		if n.n.Name == s.Name {
			return errs.E(errs.AlreadyExists, op, s.Name, nil)
		}
	}
	if err := d.catalog.checkLocation(op, s.Location); err != nil {
		return err
	}
	if !d.catalog.sizeIn(s.Size, s.Location) {
		return bad("unknown size %q", s.Size)
	}
	if _, ok := d.catalog.image(s.Image); !ok {
		return bad("unknown image %q", s.Image)
	}
	if s.Auth.SSHKey != "" {
		if _, err := driver.ParseSSHPublicKey(s.Auth.SSHKey); err != nil {
			return errs.Wrap(err, op, s.Name)
		}
	}
	if _, ok := d.keys[s.Auth.KeyName]; s.Auth.KeyName != "" && !ok {
		return bad("unknown key pair %q", s.Auth.KeyName)
	}
	if p := s.Auth.Password; p != "" && len(p) < 8 {
		return bad("a password needs at least 8 characters")
	}
	if len(s.UserData) > maxUserData {
		return bad("user data over %d bytes", maxUserData)
	}
	return nil
}

func validHostname(s string) bool {
	if s == "" || len(s) > 63 || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// RebootNode implements driver.Driver.
func (d *Driver) RebootNode(ctx context.Context, id string) error {
	return d.transition(ctx, "memory.RebootNode", id, func(n *node) error {
		if n.n.State != driver.NodeRunning {
			return errs.Errorf(errs.PreconditionFailed, "memory.RebootNode", id, "node is %s, not running", n.n.State)
		}
		d.moveTo(n, driver.NodeRebooting, driver.NodeRunning)
		return nil
	})
}

// StartNode implements driver.StartStopper.
func (d *Driver) StartNode(ctx context.Context, id string) error {
	return d.transition(ctx, "memory.StartNode", id, func(n *node) error {
		switch n.n.State {
		case driver.NodeRunning, driver.NodeStarting:
			return nil
		case driver.NodeStopped:
			d.moveTo(n, driver.NodeStarting, driver.NodeRunning)
			return nil
		}
		return errs.Errorf(errs.PreconditionFailed, "memory.StartNode", id, "node is %s", n.n.State)
	})
}

// StopNode implements driver.StartStopper.
func (d *Driver) StopNode(ctx context.Context, id string) error {
	return d.transition(ctx, "memory.StopNode", id, func(n *node) error {
		switch n.n.State {
		case driver.NodeStopped, driver.NodeStopping:
			return nil
		case driver.NodeRunning:
			d.moveTo(n, driver.NodeStopping, driver.NodeStopped)
			return nil
		}
		return errs.Errorf(errs.PreconditionFailed, "memory.StopNode", id, "node is %s", n.n.State)
	})
}

// transition runs f on a node under the lock.
func (d *Driver) transition(ctx context.Context, op, id string, f func(*node) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, err := d.node(ctx, op, id)
	if err != nil {
		return err
	}
	return f(n)
}

// DestroyNode implements driver.Driver. The node disappears at once; its
// volumes are detached.
func (d *Driver) DestroyNode(ctx context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, err := d.node(ctx, "memory.DestroyNode", id); err != nil {
		return err
	}
	for _, v := range d.volumes {
		if v.NodeID == id {
			v.NodeID, v.Device, v.State = "", "", driver.VolumeAvailable
		}
	}
	delete(d.nodes, id)
	return nil
}
