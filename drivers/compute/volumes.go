package compute

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListVolumes returns every volume.
func (a *Account) ListVolumes(ctx context.Context) ([]Volume, error) {
	const op = "compute.ListVolumes"
	if err := a.checkVolumeOp(op, ""); err != nil {
		return nil, err
	}
	v, err := a.volumes.ListVolumes(ctx)
	return v, errs.Wrap(err, op, "")
}

// GetVolume returns a volume by ID; errs.NotFound if none.
func (a *Account) GetVolume(ctx context.Context, id string) (*Volume, error) {
	const op = "compute.GetVolume"
	if err := a.checkVolumeOp(op, id); err != nil {
		return nil, err
	}
	if err := checkID(op, "volume", id); err != nil {
		return nil, err
	}
	v, err := a.volumes.GetVolume(ctx, id)
	return v, errs.Wrap(err, op, id)
}

// CreateVolume creates a volume of spec.SizeGB (> 0 unless made from a
// snapshot).
func (a *Account) CreateVolume(ctx context.Context, spec *VolumeSpec) (*Volume, error) {
	const op = "compute.CreateVolume"
	if spec == nil {
		return nil, errs.Errorf(errs.InvalidArgument, op, "", "nil spec")
	}
	if err := a.checkVolumeOp(op, spec.Name); err != nil {
		return nil, err
	}
	if err := checkName(op, spec.Name); err != nil {
		return nil, err
	}
	if spec.SizeGB < 0 || (spec.SizeGB == 0 && spec.SnapshotID == "") {
		return nil, errs.Errorf(errs.InvalidArgument, op, spec.Name, "size %d GB: want a positive size", spec.SizeGB)
	}
	v, err := a.volumes.CreateVolume(ctx, spec)
	return v, errs.Wrap(err, op, spec.Name)
}

// AttachVolume attaches a volume to a node; device "" lets the provider
// choose.
func (a *Account) AttachVolume(ctx context.Context, volumeID, nodeID, device string) error {
	const op = "compute.AttachVolume"
	if err := a.checkVolumeOp(op, volumeID); err != nil {
		return err
	}
	if err := checkID(op, "volume", volumeID); err != nil {
		return err
	}
	if err := checkID(op, "node", nodeID); err != nil {
		return err
	}
	return errs.Wrap(a.volumes.AttachVolume(ctx, volumeID, nodeID, device), op, volumeID)
}

// DetachVolume detaches a volume from its node.
func (a *Account) DetachVolume(ctx context.Context, volumeID string) error {
	const op = "compute.DetachVolume"
	if err := a.checkVolumeOp(op, volumeID); err != nil {
		return err
	}
	if err := checkID(op, "volume", volumeID); err != nil {
		return err
	}
	return errs.Wrap(a.volumes.DetachVolume(ctx, volumeID), op, volumeID)
}

// DestroyVolume destroys a detached volume.
func (a *Account) DestroyVolume(ctx context.Context, volumeID string) error {
	const op = "compute.DestroyVolume"
	if err := a.checkVolumeOp(op, volumeID); err != nil {
		return err
	}
	if err := checkID(op, "volume", volumeID); err != nil {
		return err
	}
	return errs.Wrap(a.volumes.DestroyVolume(ctx, volumeID), op, volumeID)
}

// ListSnapshots returns a volume's snapshots, oldest first.
func (a *Account) ListSnapshots(ctx context.Context, volumeID string) ([]VolumeSnapshot, error) {
	const op = "compute.ListSnapshots"
	if err := a.checkSnapOp(op, volumeID); err != nil {
		return nil, err
	}
	s, err := a.snaps.ListSnapshots(ctx, volumeID)
	return s, errs.Wrap(err, op, volumeID)
}

// CreateSnapshot snapshots a volume.
func (a *Account) CreateSnapshot(ctx context.Context, volumeID, name string) (*VolumeSnapshot, error) {
	const op = "compute.CreateSnapshot"
	if err := a.checkSnapOp(op, volumeID); err != nil {
		return nil, err
	}
	if err := checkName(op, name); err != nil {
		return nil, err
	}
	s, err := a.snaps.CreateSnapshot(ctx, volumeID, name)
	return s, errs.Wrap(err, op, volumeID)
}

// DeleteSnapshot deletes a snapshot by ID.
func (a *Account) DeleteSnapshot(ctx context.Context, snapshotID string) error {
	const op = "compute.DeleteSnapshot"
	if err := a.checkSnapOp(op, snapshotID); err != nil {
		return err
	}
	return errs.Wrap(a.snaps.DeleteSnapshot(ctx, snapshotID), op, snapshotID)
}

// checkVolumeOp checks the closed state and the capability.
func (a *Account) checkVolumeOp(op, resource string) error {
	if err := a.check(op, resource); err != nil {
		return err
	}
	if a.volumes == nil {
		return unimplemented(op, resource)
	}
	return nil
}

func (a *Account) checkSnapOp(op, id string) error {
	if err := a.check(op, id); err != nil {
		return err
	}
	if a.snaps == nil {
		return unimplemented(op, id)
	}
	return checkID(op, "volume or snapshot", id)
}
