package drivertest

import (
	"context"
	"slices"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (s *suite) createVolume(t *testing.T, a *compute.Account, location string) *compute.Volume {
	t.Helper()
	v, err := a.CreateVolume(context.Background(), &compute.VolumeSpec{Name: uniqueName("vol"), SizeGB: 2, Location: location})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = a.DetachVolume(context.Background(), v.ID)
		_ = a.DestroyVolume(context.Background(), v.ID)
	})
	return v
}

func (s *suite) testVolumes(t *testing.T) {
	a := s.account(t)
	if !a.Features().Volumes {
		t.Skip("driver has no volumes")
	}
	ctx := context.Background()
	n := s.createNode(t, a, uniqueName("withvol"))
	s.waitRunning(t, a, n.ID)
	v := s.createVolume(t, a, n.Location)
	assert.Equal(t, 2, v.SizeGB)
	assert.NotEmpty(t, v.ID)
	assert.Empty(t, v.NodeID)

	list, err := a.ListVolumes(ctx)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(list, func(x compute.Volume) bool { return x.ID == v.ID && x.Name == v.Name }))

	require.NoError(t, a.AttachVolume(ctx, v.ID, n.ID, ""))
	got, err := a.GetVolume(ctx, v.ID)
	require.NoError(t, err)
	assert.Equal(t, n.ID, got.NodeID)
	assert.Contains(t, []compute.VolumeState{compute.VolumeInUse, compute.VolumeAttaching}, got.State)
	assert.ErrorIs(t, a.AttachVolume(ctx, v.ID, n.ID, ""), errs.ErrPreconditionFailed, "attach twice")
	assert.ErrorIs(t, a.DestroyVolume(ctx, v.ID), errs.ErrPreconditionFailed, "destroy while attached")

	require.NoError(t, a.DetachVolume(ctx, v.ID))
	got, err = a.GetVolume(ctx, v.ID)
	require.NoError(t, err)
	assert.Empty(t, got.NodeID)
	assert.ErrorIs(t, a.DetachVolume(ctx, v.ID), errs.ErrPreconditionFailed, "detach twice")

	// Destroying a node detaches its volumes.
	require.NoError(t, a.AttachVolume(ctx, v.ID, n.ID, ""))
	require.NoError(t, a.DestroyNode(ctx, n.ID))
	got, err = a.GetVolume(ctx, v.ID)
	require.NoError(t, err)
	assert.Empty(t, got.NodeID, "a destroyed node's volume is detached")

	require.NoError(t, a.DestroyVolume(ctx, v.ID))
	_, err = a.GetVolume(ctx, v.ID)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorIs(t, a.DestroyVolume(ctx, v.ID), errs.ErrNotFound)
	assert.ErrorIs(t, a.AttachVolume(ctx, "no-such-vol", "no-such-node", ""), errs.ErrNotFound)
	assert.ErrorIs(t, a.DetachVolume(ctx, "no-such-vol"), errs.ErrNotFound)

	_, err = a.CreateVolume(ctx, &compute.VolumeSpec{Name: uniqueName("zero")})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	_, err = a.CreateVolume(ctx, &compute.VolumeSpec{Name: uniqueName("loc"), SizeGB: 1, Location: "no-such-location"})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testSnapshots(t *testing.T) {
	a := s.account(t)
	if !a.Features().Snapshots {
		t.Skip("driver has no snapshots")
	}
	ctx := context.Background()
	v := s.createVolume(t, a, s.o.Location)
	snap, err := a.CreateSnapshot(ctx, v.ID, "first")
	require.NoError(t, err)
	assert.Equal(t, v.ID, snap.VolumeID)
	assert.Equal(t, v.SizeGB, snap.SizeGB)
	list, err := a.ListSnapshots(ctx, v.ID)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, snap.ID, list[0].ID)

	if a.Features().Volumes {
		c, err := a.CreateVolume(ctx, &compute.VolumeSpec{Name: uniqueName("clone"), SnapshotID: snap.ID, Location: v.Location})
		require.NoError(t, err)
		assert.Equal(t, snap.SizeGB, c.SizeGB, "a volume from a snapshot has its size")
		require.NoError(t, a.DestroyVolume(ctx, c.ID))
		_, err = a.CreateVolume(ctx, &compute.VolumeSpec{Name: uniqueName("clone"), SnapshotID: "no-such-snap"})
		assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	}

	require.NoError(t, a.DeleteSnapshot(ctx, snap.ID))
	assert.ErrorIs(t, a.DeleteSnapshot(ctx, snap.ID), errs.ErrNotFound)
	list, err = a.ListSnapshots(ctx, v.ID)
	require.NoError(t, err)
	assert.Empty(t, list)
	_, err = a.CreateSnapshot(ctx, "no-such-vol", "x")
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.ListSnapshots(ctx, "no-such-vol")
	assert.ErrorIs(t, err, errs.ErrNotFound)
}
