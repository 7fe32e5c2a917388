package resfs

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// nodeFile is nodes/<name>.json as written: the node's fields as it reads
// plus what only a create takes. When creating, the file's name is the
// node's name and id, name, state, the IPs and created_at are ignored, so
// a copy of another node's file creates a node like it.
type nodeFile struct {
	ID         string            `json:"id,omitempty"`
	Name       string            `json:"name,omitempty"`
	State      compute.NodeState `json:"state,omitempty"`
	PublicIPs  []string          `json:"public_ips,omitempty"`
	PrivateIPs []string          `json:"private_ips,omitempty"`
	Size       string            `json:"size,omitempty"`
	Image      string            `json:"image,omitempty"`
	Location   string            `json:"location,omitempty"`
	CreatedAt  time.Time         `json:"created_at,omitzero"`
	Extra      map[string]string `json:"extra,omitempty"`

	// Only when creating.
	KeyName  string `json:"key_name,omitempty"` // a key pair of keypairs/
	SSHKey   string `json:"ssh_key,omitempty"`  // an authorized_keys line
	Password string `json:"password,omitempty"`
	UserData string `json:"user_data,omitempty"`
}

// nodesKind is compute/<account>/nodes/<name>.json.
type nodesKind struct {
	a *compute.Account

	mu  sync.Mutex
	ids map[string]string // name → ID, from the last listing
}

var _ folder = (*nodesKind)(nil)

func newNodesKind(a *compute.Account) *nodesKind {
	return &nodesKind{a: a, ids: map[string]string{}}
}

func (k *nodesKind) owns(name string) bool       { return trimSuffix(name, ".json") != "" }
func (k *nodesKind) limit(_ string, def int) int { return def }
func (k *nodesKind) res(name string) string      { return trimSuffix(name, ".json") }

// list shows every node that is not terminated. Where the provider lets
// two nodes share a name, the first (by the provider's order) is shown.
func (k *nodesKind) list(ctx context.Context) ([]item, error) {
	nodes, err := k.a.ListNodes(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	var out []item
	for _, n := range nodes {
		if n.State == compute.NodeTerminated || ids[n.Name] != "" {
			continue
		}
		ids[n.Name] = n.ID
		out = append(out, item{n.Name + ".json", render(n)})
	}
	k.mu.Lock()
	k.ids = ids
	k.mu.Unlock()
	return out, nil
}

// node finds a node by name: by its known ID first (one cheap call), else
// by listing.
func (k *nodesKind) node(ctx context.Context, name string) (*compute.Node, error) {
	k.mu.Lock()
	id := k.ids[name]
	k.mu.Unlock()
	if id != "" {
		n, err := k.a.GetNode(ctx, id)
		if err == nil && n.Name == name && n.State != compute.NodeTerminated {
			return n, nil
		}
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, err
		}
	}
	n, err := k.a.NodeByName(ctx, name)
	if err == nil {
		k.mu.Lock()
		k.ids[name] = n.ID
		k.mu.Unlock()
	}
	return n, err
}

func (k *nodesKind) get(ctx context.Context, file string) ([]byte, error) {
	n, err := k.node(ctx, k.res(file))
	if err != nil {
		return nil, err
	}
	return render(n), nil
}

// create creates the node and returns once the provider has accepted it;
// the file then shows it pending.
func (k *nodesKind) create(ctx context.Context, file string, data []byte) error {
	const op = "create node"
	name := k.res(file)
	var f nodeFile
	if err := decodeStrict(op, name, data, &f); err != nil {
		return err
	}
	n, err := k.a.CreateNode(ctx, &compute.NodeSpec{
		Name: name, Size: f.Size, Image: f.Image, Location: f.Location,
		Auth:     compute.NodeAuth{SSHKey: f.SSHKey, KeyName: f.KeyName, Password: f.Password},
		UserData: f.UserData, Extra: f.Extra,
	})
	if err != nil {
		return err
	}
	k.mu.Lock()
	k.ids[name] = n.ID
	k.mu.Unlock()
	return nil
}

// update applies a change of "state": running starts the node, stopped
// stops it, rebooting reboots it, terminated destroys it. Every other
// field is the provider's: changing one is errs.InvalidArgument. A node
// replaced by another of the same name since the base is
// errs.PreconditionFailed.
func (k *nodesKind) update(ctx context.Context, file string, base, data []byte) error {
	const op = "update node"
	name := k.res(file)
	var f nodeFile
	if err := decodeStrict(op, name, data, &f); err != nil {
		return err
	}
	cur, err := k.node(ctx, name)
	if err != nil {
		return err
	}
	b := nodeFileOf(cur)
	if base != nil {
		_ = json.Unmarshal(base, &b)
	}
	c := newChanges(op, name, data)
	c.fixed("id", f.ID == b.ID)
	c.fixed("name", f.Name == b.Name)
	c.fixed("public_ips", slices.Equal(f.PublicIPs, b.PublicIPs))
	c.fixed("private_ips", slices.Equal(f.PrivateIPs, b.PrivateIPs))
	c.fixed("size", f.Size == b.Size)
	c.fixed("image", f.Image == b.Image)
	c.fixed("location", f.Location == b.Location)
	c.fixed("created_at", f.CreatedAt.Equal(b.CreatedAt))
	c.fixed("extra", maps.Equal(f.Extra, b.Extra))
	c.fixed("key_name", f.KeyName == "") // these four only when creating
	c.fixed("ssh_key", f.SSHKey == "")
	c.fixed("password", f.Password == "")
	c.fixed("user_data", f.UserData == "")
	if err := c.err(); err != nil {
		return err
	}
	if b.ID != "" && b.ID != cur.ID {
		return errs.Errorf(errs.PreconditionFailed, op, name, "the node was replaced since the file was read (it was %s, it is %s now)", b.ID, cur.ID)
	}
	if !c.present["state"] || f.State == b.State || already(cur.State, f.State) {
		return nil
	}
	switch f.State {
	case compute.NodeRunning, compute.NodeStopped, compute.NodeRebooting, compute.NodeTerminated:
		return k.a.SetNodeState(ctx, cur.ID, f.State)
	}
	return errs.Errorf(errs.InvalidArgument, op, name, "state %q: write running, stopped, rebooting or terminated", f.State)
}

// already reports whether a node in state cur is at or on its way to want.
func already(cur, want compute.NodeState) bool {
	switch want {
	case compute.NodeRunning:
		return cur == compute.NodeRunning || cur == compute.NodeStarting || cur == compute.NodePending
	case compute.NodeStopped:
		return cur == compute.NodeStopped || cur == compute.NodeStopping
	}
	return false
}

func nodeFileOf(n *compute.Node) nodeFile {
	return nodeFile{ID: n.ID, Name: n.Name, State: n.State, PublicIPs: n.PublicIPs, PrivateIPs: n.PrivateIPs,
		Size: n.Size, Image: n.Image, Location: n.Location, CreatedAt: n.CreatedAt, Extra: n.Extra}
}

// remove destroys the node.
func (k *nodesKind) remove(ctx context.Context, file string) error {
	n, err := k.node(ctx, k.res(file))
	if err != nil {
		return err
	}
	return k.a.DestroyNode(ctx, n.ID)
}
