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

func (s *suite) testCatalogue(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	sizes, err := a.ListSizes(ctx, "")
	require.NoError(t, err)
	require.NotEmpty(t, sizes)
	seen := map[string]bool{}
	for _, z := range sizes {
		assert.NotEmpty(t, z.ID)
		assert.False(t, seen[z.ID], "duplicate size %s", z.ID)
		seen[z.ID] = true
		assert.Positive(t, z.RAMMB, "size %s RAM", z.ID)
		assert.Positive(t, z.VCPUs, "size %s vCPUs", z.ID)
		assert.GreaterOrEqual(t, z.Price, 0.0)
	}
	images, err := a.ListImages(ctx, "")
	require.NoError(t, err)
	require.NotEmpty(t, images)
	img, err := a.GetImage(ctx, images[0].ID)
	require.NoError(t, err)
	assert.Equal(t, images[0], *img)
	_, err = a.GetImage(ctx, "no-such-image-xyz")
	assert.ErrorIs(t, err, errs.ErrNotFound)

	locs, err := a.ListLocations(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, locs)
	for _, l := range locs {
		assert.NotEmpty(t, l.ID)
		inLoc, err := a.ListSizes(ctx, l.ID)
		require.NoError(t, err)
		assert.NotEmpty(t, inLoc, "no sizes in %s", l.ID)
		for _, z := range inLoc {
			assert.True(t, seen[z.ID], "size %s in %s is not in the full list", z.ID, l.ID)
		}
	}
	_, err = a.ListSizes(ctx, "no-such-location-xyz")
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	_, err = a.ListImages(ctx, "no-such-location-xyz")
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testNodeLifecycle(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	name := uniqueName("life")
	spec := s.spec(t, a, name)
	spec.Extra = map[string]string{"purpose": "conformance"}
	n, err := a.CreateNode(ctx, spec)
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.DestroyNode(ctx, n.ID) })
	assert.NotEmpty(t, n.ID)
	assert.Equal(t, name, n.Name)
	assert.Equal(t, spec.Size, n.Size)
	assert.Equal(t, spec.Image, n.Image)
	assert.True(t, n.State.Valid(), "state %q", n.State)
	assert.NotEqual(t, compute.NodeTerminated, n.State)
	assert.False(t, n.CreatedAt.IsZero(), "created_at")

	got, err := a.GetNode(ctx, n.ID)
	require.NoError(t, err)
	assert.Equal(t, n.ID, got.ID)
	assert.Equal(t, name, got.Name)

	running := s.waitRunning(t, a, n.ID)
	require.Len(t, running, 1)
	assert.Equal(t, compute.NodeRunning, running[0].State)
	assert.NotEmpty(t, append(running[0].PublicIPs, running[0].PrivateIPs...), "a running node has an IP")

	all, err := a.ListNodes(ctx)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(all, func(x compute.Node) bool { return x.ID == n.ID && x.Name == name }))
	byName, err := a.NodeByName(ctx, name)
	require.NoError(t, err)
	assert.Equal(t, n.ID, byName.ID)

	require.NoError(t, a.RebootNode(ctx, n.ID))
	s.waitRunning(t, a, n.ID)

	require.NoError(t, a.DestroyNode(ctx, n.ID))
	gone, err := a.GetNode(ctx, n.ID)
	if err == nil {
		assert.Equal(t, compute.NodeTerminated, gone.State, "a destroyed node is gone or terminated")
	} else {
		assert.ErrorIs(t, err, errs.ErrNotFound)
	}
	_, err = a.NodeByName(ctx, name)
	assert.ErrorIs(t, err, errs.ErrNotFound)
}

func (s *suite) testStartStop(t *testing.T) {
	a := s.account(t)
	if !a.Features().StartStop {
		t.Skip("driver cannot stop and start nodes")
	}
	ctx := context.Background()
	n := s.createNode(t, a, uniqueName("stop"))
	s.waitRunning(t, a, n.ID)
	require.NoError(t, a.StopNode(ctx, n.ID))
	s.waitState(t, a, n.ID, compute.NodeStopped)
	require.NoError(t, a.StopNode(ctx, n.ID), "stopping a stopped node is a no-op")
	err := a.RebootNode(ctx, n.ID)
	assert.ErrorIs(t, err, errs.ErrPreconditionFailed, "rebooting a stopped node")
	require.NoError(t, a.SetNodeState(ctx, n.ID, compute.NodeRunning))
	s.waitRunning(t, a, n.ID)
	require.NoError(t, a.StartNode(ctx, n.ID), "starting a running node is a no-op")
	err = a.SetNodeState(ctx, n.ID, compute.NodePaused)
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testCreateNodeErrors(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	before, err := a.ListNodes(ctx)
	require.NoError(t, err)

	cases := map[string]func(*compute.NodeSpec){
		"unknown size":     func(sp *compute.NodeSpec) { sp.Size = "no-such-size" },
		"unknown image":    func(sp *compute.NodeSpec) { sp.Image = "no-such-image" },
		"unknown location": func(sp *compute.NodeSpec) { sp.Location = "no-such-location" },
		"empty name":       func(sp *compute.NodeSpec) { sp.Name = "" },
		"slash in name":    func(sp *compute.NodeSpec) { sp.Name = "a/b" },
		"no size":          func(sp *compute.NodeSpec) { sp.Size = "" },
		"bad ssh key":      func(sp *compute.NodeSpec) { sp.Auth.SSHKey = "ssh-ed25519 not-base64!" },
		"unknown key pair": func(sp *compute.NodeSpec) { sp.Auth.KeyName = "no-such-key" },
		"key and key name": func(sp *compute.NodeSpec) { sp.Auth.SSHKey, sp.Auth.KeyName = testKey, "k" },
	}
	for what, mutate := range cases {
		sp := s.spec(t, a, uniqueName("bad"))
		mutate(sp)
		n, err := a.CreateNode(ctx, sp)
		if !assert.ErrorIs(t, err, errs.ErrInvalidArgument, what) && n != nil {
			_ = a.DestroyNode(ctx, n.ID)
		}
	}
	_, err = a.CreateNode(ctx, nil)
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	after, err := a.ListNodes(ctx)
	require.NoError(t, err)
	assert.Len(t, after, len(before), "a failed create must create nothing")

	if a.Features().UniqueNodeNames {
		n := s.createNode(t, a, uniqueName("dup"))
		_, err := a.CreateNode(ctx, s.spec(t, a, n.Name))
		assert.ErrorIs(t, err, errs.ErrAlreadyExists)
	}
}

func (s *suite) testNotFound(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	const id = "no-such-node-xyz"
	_, err := a.GetNode(ctx, id)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorContains(t, err, "compute.GetNode "+id)
	assert.ErrorIs(t, a.RebootNode(ctx, id), errs.ErrNotFound)
	assert.ErrorIs(t, a.DestroyNode(ctx, id), errs.ErrNotFound)
	if a.Features().StartStop {
		assert.ErrorIs(t, a.StartNode(ctx, id), errs.ErrNotFound)
		assert.ErrorIs(t, a.StopNode(ctx, id), errs.ErrNotFound)
	}
	_, err = a.NodeByName(ctx, "no-such-name")
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.GetNode(ctx, "")
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testPagination(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	want := map[string]bool{}
	for range 5 {
		n := s.createNode(t, a, uniqueName("page"))
		want[n.ID] = true
	}
	seen := map[string]bool{}
	token, pages := "", 0
	for {
		nodes, next, err := a.ListNodesPage(ctx, token, 2)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(nodes), 2, "page size honoured")
		for _, n := range nodes {
			assert.False(t, seen[n.ID], "node %s listed twice", n.ID)
			seen[n.ID] = true
		}
		pages++
		require.Less(t, pages, 100, "pagination does not end")
		if next == "" {
			break
		}
		token = next
	}
	assert.GreaterOrEqual(t, pages, 3)
	for id := range want {
		assert.True(t, seen[id], "node %s missing from the pages", id)
	}
	all, err := a.ListNodes(ctx)
	require.NoError(t, err)
	assert.Len(t, all, len(seen))
	_, _, err = a.ListNodesPage(ctx, "", -1)
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testWait(t *testing.T) {
	a := s.account(t)
	n := s.createNode(t, a, uniqueName("wait"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := a.WaitUntilRunning(ctx, []string{n.ID}, s.waitOpts())
	assert.Contains(t, []errs.Kind{errs.Canceled}, errs.KindOf(err), "%v", err)
	_, err = a.WaitUntilRunning(context.Background(), []string{n.ID, "no-such-node"}, s.waitOpts())
	assert.ErrorIs(t, err, errs.ErrNotFound)
	nodes := s.waitRunning(t, a, n.ID)
	assert.Equal(t, n.ID, nodes[0].ID)
}
