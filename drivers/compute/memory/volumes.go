package memory

import (
	"context"
	"fmt"
	"sort"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

const maxVolumeGB = 16384

// ListVolumes implements driver.VolumeManager.
func (d *Driver) ListVolumes(ctx context.Context) ([]driver.Volume, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]driver.Volume, 0, len(d.volumes))
	for _, v := range d.volumes {
		c := *v
		c.Extra = copyMap(v.Extra)
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, errs.Wrap(ctx.Err(), "memory.ListVolumes", "")
}

// GetVolume implements driver.VolumeManager.
func (d *Driver) GetVolume(ctx context.Context, id string) (*driver.Volume, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.volume(ctx, "memory.GetVolume", id)
	if err != nil {
		return nil, err
	}
	c := *v
	c.Extra = copyMap(v.Extra)
	return &c, nil
}

// volume looks a volume up. d.mu must be held.
func (d *Driver) volume(ctx context.Context, op, id string) (*driver.Volume, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, id)
	}
	v, ok := d.volumes[id]
	if !ok {
		return nil, errs.E(errs.NotFound, op, id, nil)
	}
	return v, nil
}

// CreateVolume implements driver.VolumeManager.
func (d *Driver) CreateVolume(ctx context.Context, spec *driver.VolumeSpec) (*driver.Volume, error) {
	const op = "memory.CreateVolume"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, spec.Name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	bad := func(format string, args ...any) error {
		return errs.Errorf(errs.InvalidArgument, op, spec.Name, format, args...)
	}
	if !validKeyName(spec.Name) {
		return nil, bad("volume names are 1 to 255 printable ASCII characters")
	}
	for _, v := range d.volumes {
		if v.Name == spec.Name {
			return nil, errs.E(errs.AlreadyExists, op, spec.Name, nil)
		}
	}
	if err := d.catalog.checkLocation(op, spec.Location); err != nil {
		return nil, err
	}
	size := spec.SizeGB
	if spec.SnapshotID != "" {
		s, ok := d.snaps[spec.SnapshotID]
		if !ok {
			return nil, bad("unknown snapshot %q", spec.SnapshotID)
		}
		if size == 0 {
			size = s.SizeGB
		}
		if size < s.SizeGB {
			return nil, bad("size %d GB is smaller than the snapshot's %d GB", size, s.SizeGB)
		}
	}
	if size <= 0 || size > maxVolumeGB {
		return nil, bad("size %d GB: want 1 to %d", size, maxVolumeGB)
	}
	loc := spec.Location
	if loc == "" {
		loc = DefaultLocation
	}
	v := &driver.Volume{
		ID: d.nextID("vol"), Name: spec.Name, SizeGB: size, State: driver.VolumeAvailable,
		Location: loc, CreatedAt: now(), Extra: copyMap(spec.Extra),
	}
	d.volumes[v.ID] = v
	c := *v
	c.Extra = copyMap(v.Extra)
	return &c, nil
}

// AttachVolume implements driver.VolumeManager.
func (d *Driver) AttachVolume(ctx context.Context, volumeID, nodeID, device string) error {
	const op = "memory.AttachVolume"
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.volume(ctx, op, volumeID)
	if err != nil {
		return err
	}
	n, err := d.node(ctx, op, nodeID)
	if err != nil {
		return err
	}
	if v.NodeID != "" {
		return errs.Errorf(errs.PreconditionFailed, op, volumeID, "attached to %s already", v.NodeID)
	}
	if v.Location != n.n.Location {
		return errs.Errorf(errs.InvalidArgument, op, volumeID, "volume is in %s, node in %s", v.Location, n.n.Location)
	}
	used := map[string]bool{}
	for _, o := range d.volumes {
		if o.NodeID == nodeID {
			used[o.Device] = true
		}
	}
	if device == "" {
		for c := 'b'; c <= 'z' && device == ""; c++ {
			if dev := fmt.Sprintf("/dev/vd%c", c); !used[dev] {
				device = dev
			}
		}
	}
	if device == "" || used[device] {
		return errs.Errorf(errs.PreconditionFailed, op, volumeID, "device %q is taken on node %s", device, nodeID)
	}
	v.NodeID, v.Device, v.State = nodeID, device, driver.VolumeInUse
	return nil
}

// DetachVolume implements driver.VolumeManager.
func (d *Driver) DetachVolume(ctx context.Context, volumeID string) error {
	const op = "memory.DetachVolume"
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.volume(ctx, op, volumeID)
	if err != nil {
		return err
	}
	if v.NodeID == "" {
		return errs.Errorf(errs.PreconditionFailed, op, volumeID, "not attached")
	}
	v.NodeID, v.Device, v.State = "", "", driver.VolumeAvailable
	return nil
}

// DestroyVolume implements driver.VolumeManager. Its snapshots stay.
func (d *Driver) DestroyVolume(ctx context.Context, volumeID string) error {
	const op = "memory.DestroyVolume"
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.volume(ctx, op, volumeID)
	if err != nil {
		return err
	}
	if v.NodeID != "" {
		return errs.Errorf(errs.PreconditionFailed, op, volumeID, "attached to node %s", v.NodeID)
	}
	delete(d.volumes, volumeID)
	return nil
}
