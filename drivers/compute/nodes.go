package compute

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListNodes returns every node, following the driver's pages.
func (a *Account) ListNodes(ctx context.Context) ([]Node, error) {
	const op = "compute.ListNodes"
	if err := a.check(op, ""); err != nil {
		return nil, err
	}
	var all []Node
	token := ""
	for {
		nodes, next, err := a.ListNodesPage(ctx, token, 0)
		if err != nil {
			return nil, errs.Wrap(err, op, "")
		}
		all = append(all, nodes...)
		if next == "" {
			return all, nil
		}
		if next == token {
			return nil, errs.Errorf(errs.Unknown, op, "", "driver returned the same page token %q twice", next)
		}
		token = next
	}
}

// ListNodesPage returns one page of nodes and the token of the next page
// ("" after the last). pageSize 0 takes the driver's default.
func (a *Account) ListNodesPage(ctx context.Context, pageToken string, pageSize int) ([]Node, string, error) {
	const op = "compute.ListNodesPage"
	if err := a.check(op, ""); err != nil {
		return nil, "", err
	}
	if pageSize < 0 {
		return nil, "", errs.Errorf(errs.InvalidArgument, op, "", "negative page size %d", pageSize)
	}
	p, err := a.d.ListNodes(ctx, &driver.ListOptions{PageToken: pageToken, PageSize: pageSize})
	if err != nil {
		return nil, "", errs.Wrap(err, op, "")
	}
	return p.Nodes, p.NextPageToken, nil
}

// GetNode returns the node with the given ID; errs.NotFound if none.
func (a *Account) GetNode(ctx context.Context, id string) (*Node, error) {
	const op = "compute.GetNode"
	if err := a.checkNodeID(op, id); err != nil {
		return nil, err
	}
	n, err := a.d.GetNode(ctx, id)
	return n, errs.Wrap(err, op, id)
}

// NodeByName finds a node by name (the mount's nodes/<name>.json). It
// gives errs.NotFound if there is none and errs.InvalidArgument if the
// provider has several nodes of that name.
func (a *Account) NodeByName(ctx context.Context, name string) (*Node, error) {
	const op = "compute.NodeByName"
	nodes, err := a.ListNodes(ctx)
	if err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	var found *Node
	for i := range nodes {
		if nodes[i].Name != name || nodes[i].State == NodeTerminated {
			continue
		}
		if found != nil {
			return nil, errs.Errorf(errs.InvalidArgument, op, name, "several nodes have this name (%s, %s); use an ID", found.ID, nodes[i].ID)
		}
		found = &nodes[i]
	}
	if found == nil {
		return nil, errs.E(errs.NotFound, op, name, nil)
	}
	return found, nil
}

// CreateNode checks the spec against the catalogue and creates the node.
// The node usually comes back pending; see WaitUntilRunning.
func (a *Account) CreateNode(ctx context.Context, spec *NodeSpec) (*Node, error) {
	const op = "compute.CreateNode"
	if spec == nil {
		return nil, errs.Errorf(errs.InvalidArgument, op, "", "nil spec")
	}
	if err := a.check(op, spec.Name); err != nil {
		return nil, err
	}
	if err := a.validateSpec(ctx, op, spec); err != nil {
		return nil, err
	}
	n, err := a.d.CreateNode(ctx, spec)
	return n, errs.Wrap(err, op, spec.Name)
}

// RebootNode reboots a running node.
func (a *Account) RebootNode(ctx context.Context, id string) error {
	const op = "compute.RebootNode"
	if err := a.checkNodeID(op, id); err != nil {
		return err
	}
	return errs.Wrap(a.d.RebootNode(ctx, id), op, id)
}

// StartNode starts a stopped node (errs.Unimplemented without StartStop).
func (a *Account) StartNode(ctx context.Context, id string) error {
	const op = "compute.StartNode"
	if err := a.checkNodeID(op, id); err != nil {
		return err
	}
	if a.startStp == nil {
		return unimplemented(op, id)
	}
	return errs.Wrap(a.startStp.StartNode(ctx, id), op, id)
}

// StopNode stops a running node (errs.Unimplemented without StartStop).
func (a *Account) StopNode(ctx context.Context, id string) error {
	const op = "compute.StopNode"
	if err := a.checkNodeID(op, id); err != nil {
		return err
	}
	if a.startStp == nil {
		return unimplemented(op, id)
	}
	return errs.Wrap(a.startStp.StopNode(ctx, id), op, id)
}

// DestroyNode destroys a node. Its volumes are detached, not destroyed.
func (a *Account) DestroyNode(ctx context.Context, id string) error {
	const op = "compute.DestroyNode"
	if err := a.checkNodeID(op, id); err != nil {
		return err
	}
	return errs.Wrap(a.d.DestroyNode(ctx, id), op, id)
}

// SetNodeState drives a node towards the state a user asked for (the
// mount's "state" field): running starts it, stopped stops it, rebooting
// reboots it and terminated destroys it. Any other target is
// errs.InvalidArgument.
func (a *Account) SetNodeState(ctx context.Context, id string, want NodeState) error {
	const op = "compute.SetNodeState"
	switch want {
	case NodeRunning:
		return errs.Wrap(a.StartNode(ctx, id), op, id)
	case NodeStopped:
		return errs.Wrap(a.StopNode(ctx, id), op, id)
	case NodeRebooting:
		return errs.Wrap(a.RebootNode(ctx, id), op, id)
	case NodeTerminated:
		return errs.Wrap(a.DestroyNode(ctx, id), op, id)
	}
	return errs.Errorf(errs.InvalidArgument, op, id, "cannot move a node to state %q; want running, stopped, rebooting or terminated", want)
}

func (a *Account) checkNodeID(op, id string) error {
	if err := a.check(op, id); err != nil {
		return err
	}
	return checkID(op, "node", id)
}
