package resfs

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// volumeFile is volumes/<name>.json. attached_to is the name of the node
// the volume is attached to ("" when detached, always shown so that it
// can be edited); writing it attaches, detaches or moves the volume.
// device may be given with attached_to. snapshot_id is taken only when
// creating.
type volumeFile struct {
	ID         string            `json:"id,omitempty"`
	Name       string            `json:"name,omitempty"`
	SizeGB     int               `json:"size_gb,omitempty"`
	State      string            `json:"state,omitempty"`
	Location   string            `json:"location,omitempty"`
	AttachedTo string            `json:"attached_to"`
	NodeID     string            `json:"node_id,omitempty"`
	Device     string            `json:"device,omitempty"`
	CreatedAt  time.Time         `json:"created_at,omitzero"`
	Extra      map[string]string `json:"extra,omitempty"`
	SnapshotID string            `json:"snapshot_id,omitempty"`
}

// volumesKind is compute/<account>/volumes/<name>.json.
type volumesKind struct{ a *compute.Account }

var _ folder = (*volumesKind)(nil)

func (k *volumesKind) owns(name string) bool       { return trimSuffix(name, ".json") != "" }
func (k *volumesKind) limit(_ string, def int) int { return def }
func (k *volumesKind) res(name string) string      { return trimSuffix(name, ".json") }
func (k *volumesKind) nodeNames(ctx context.Context) (map[string]string, error) {
	nodes, err := k.a.ListNodes(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]string, len(nodes))
	for _, n := range nodes {
		byID[n.ID] = n.Name
	}
	return byID, nil
}

func volumeFileOf(v *compute.Volume, nodeNames map[string]string) volumeFile {
	f := volumeFile{ID: v.ID, Name: v.Name, SizeGB: v.SizeGB, State: string(v.State), Location: v.Location,
		NodeID: v.NodeID, Device: v.Device, CreatedAt: v.CreatedAt, Extra: v.Extra}
	if v.NodeID != "" {
		f.AttachedTo = nodeNames[v.NodeID]
		if f.AttachedTo == "" {
			f.AttachedTo = v.NodeID // a node the listing does not show
		}
	}
	return f
}

func (k *volumesKind) list(ctx context.Context) ([]item, error) {
	vols, err := k.a.ListVolumes(ctx)
	if err != nil {
		return nil, err
	}
	nodes, err := k.nodeNames(ctx)
	if err != nil {
		return nil, err
	}
	var out []item
	for i := range vols {
		out = append(out, item{vols[i].Name + ".json", render(volumeFileOf(&vols[i], nodes))})
	}
	return out, nil
}

// volume finds a volume by name and renders it.
func (k *volumesKind) volume(ctx context.Context, name string) (*compute.Volume, volumeFile, error) {
	vols, err := k.a.ListVolumes(ctx)
	if err != nil {
		return nil, volumeFile{}, err
	}
	for i := range vols {
		if vols[i].Name == name {
			nodes, err := k.nodeNames(ctx)
			if err != nil {
				return nil, volumeFile{}, err
			}
			return &vols[i], volumeFileOf(&vols[i], nodes), nil
		}
	}
	return nil, volumeFile{}, noSuchFile("volume", name)
}

func (k *volumesKind) get(ctx context.Context, file string) ([]byte, error) {
	_, f, err := k.volume(ctx, k.res(file))
	if err != nil {
		return nil, err
	}
	return render(f), nil
}

// nodeID resolves attached_to, a node's name (or ID), before any change.
func (k *volumesKind) nodeID(ctx context.Context, op, vol, node string) (string, error) {
	n, err := k.a.NodeByName(ctx, node)
	if errs.Is(err, errs.NotFound) {
		if n, err = k.a.GetNode(ctx, node); errs.Is(err, errs.NotFound) || errs.Is(err, errs.InvalidArgument) {
			return "", invalid(op, vol, "attached_to: no node %q", node)
		}
	}
	if err != nil {
		return "", err
	}
	return n.ID, nil
}

func (k *volumesKind) create(ctx context.Context, file string, data []byte) error {
	const op = "create volume"
	name := k.res(file)
	var f volumeFile
	if err := decodeStrict(op, name, data, &f); err != nil {
		return err
	}
	nodeID := ""
	if f.AttachedTo != "" {
		id, err := k.nodeID(ctx, op, name, f.AttachedTo)
		if err != nil {
			return err
		}
		nodeID = id
	}
	v, err := k.a.CreateVolume(ctx, &compute.VolumeSpec{Name: name, SizeGB: f.SizeGB, Location: f.Location, SnapshotID: f.SnapshotID, Extra: f.Extra})
	if err != nil {
		return err
	}
	if nodeID == "" {
		return nil
	}
	if err := k.a.AttachVolume(ctx, v.ID, nodeID, f.Device); err != nil {
		// Nothing half-done: a volume that could not be attached as the
		// file asked is destroyed again, even if the request was cancelled.
		if derr := k.a.DestroyVolume(context.WithoutCancel(ctx), v.ID); derr != nil {
			return fmt.Errorf("%w (and the new volume %s could not be removed: %v)", err, v.ID, derr)
		}
		return err
	}
	return nil
}

// update attaches, detaches or moves the volume as attached_to says; the
// other fields are the provider's.
func (k *volumesKind) update(ctx context.Context, file string, base, data []byte) error {
	const op = "update volume"
	name := k.res(file)
	var f volumeFile
	if err := decodeStrict(op, name, data, &f); err != nil {
		return err
	}
	v, cur, err := k.volume(ctx, name)
	if err != nil {
		return err
	}
	b := cur
	if base != nil {
		_ = json.Unmarshal(base, &b)
	}
	c := newChanges(op, name, data)
	c.fixed("id", f.ID == b.ID)
	c.fixed("name", f.Name == b.Name)
	c.fixed("size_gb", f.SizeGB == b.SizeGB)
	c.fixed("state", f.State == b.State)
	c.fixed("location", f.Location == b.Location)
	c.fixed("node_id", f.NodeID == b.NodeID || f.AttachedTo != b.AttachedTo)
	c.fixed("created_at", f.CreatedAt.Equal(b.CreatedAt))
	c.fixed("extra", maps.Equal(f.Extra, b.Extra))
	c.fixed("snapshot_id", f.SnapshotID == "")
	c.fixed("device", f.Device == b.Device || f.AttachedTo != b.AttachedTo)
	if b.ID != "" && b.ID != v.ID {
		c.stale = append(c.stale, "id")
	}
	move := c.settable("attached_to", b.AttachedTo == cur.AttachedTo, f.AttachedTo == cur.AttachedTo)
	if err := c.err(); err != nil || !move {
		return err
	}
	target := ""
	if f.AttachedTo != "" {
		if target, err = k.nodeID(ctx, op, name, f.AttachedTo); err != nil {
			return err
		}
	}
	if v.NodeID != "" && v.NodeID != target {
		if err := k.a.DetachVolume(ctx, v.ID); err != nil {
			return err
		}
	}
	if target == "" || target == v.NodeID {
		return nil
	}
	return k.a.AttachVolume(ctx, v.ID, target, f.Device)
}

// remove destroys the volume. An attached volume is errs.PreconditionFailed
// (ESTALE): detach it first.
func (k *volumesKind) remove(ctx context.Context, file string) error {
	v, _, err := k.volume(ctx, k.res(file))
	if err != nil {
		return err
	}
	return k.a.DestroyVolume(ctx, v.ID)
}
