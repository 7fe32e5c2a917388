package memory

import (
	"context"
	"sort"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListSnapshots implements driver.Snapshotter.
func (d *Driver) ListSnapshots(ctx context.Context, volumeID string) ([]driver.VolumeSnapshot, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, err := d.volume(ctx, "memory.ListSnapshots", volumeID); err != nil {
		return nil, err
	}
	var out []driver.VolumeSnapshot
	for _, s := range d.snaps {
		if s.VolumeID == volumeID {
			c := *s
			c.Extra = copyMap(s.Extra)
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// CreateSnapshot implements driver.Snapshotter.
func (d *Driver) CreateSnapshot(ctx context.Context, volumeID, name string) (*driver.VolumeSnapshot, error) {
	const op = "memory.CreateSnapshot"
	d.mu.Lock()
	defer d.mu.Unlock()
	v, err := d.volume(ctx, op, volumeID)
	if err != nil {
		return nil, err
	}
	if !validKeyName(name) {
		return nil, errs.Errorf(errs.InvalidArgument, op, name, "snapshot names are 1 to 255 printable ASCII characters")
	}
	s := &driver.VolumeSnapshot{
		ID: d.nextID("snap"), Name: name, VolumeID: volumeID, SizeGB: v.SizeGB,
		State: driver.SnapshotAvailable, CreatedAt: now(),
	}
	d.snaps[s.ID] = s
	c := *s
	return &c, nil
}

// DeleteSnapshot implements driver.Snapshotter.
func (d *Driver) DeleteSnapshot(ctx context.Context, snapshotID string) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory.DeleteSnapshot", snapshotID)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.snaps[snapshotID]; !ok {
		return errs.E(errs.NotFound, "memory.DeleteSnapshot", snapshotID, nil)
	}
	delete(d.snaps, snapshotID)
	return nil
}
