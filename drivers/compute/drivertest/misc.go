package drivertest

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTrip checks that v marshals to stable bytes that unmarshal back to
// v and marshal to the same bytes again.
func roundTrip[T any](t *testing.T, v T) []byte {
	t.Helper()
	b1, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	var back T
	dec := json.NewDecoder(bytes.NewReader(b1))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&back))
	assert.Equal(t, v, back, "JSON round trip of %s", b1)
	b2, err := json.MarshalIndent(back, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(b1), string(b2))
	return b1
}

func (s *suite) testJSON(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	n := s.createNode(t, a, uniqueName("json"))
	nodes := s.waitRunning(t, a, n.ID)
	b := roundTrip(t, nodes[0])
	var keys map[string]any
	require.NoError(t, json.Unmarshal(b, &keys))
	for _, k := range []string{"id", "name", "state", "size", "image", "created_at"} {
		assert.Contains(t, keys, k, "node JSON has %q", k)
	}
	assert.Equal(t, "running", keys["state"])
	sizes, _ := a.ListSizes(ctx, "")
	for _, z := range sizes {
		roundTrip(t, z)
	}
	images, _ := a.ListImages(ctx, "")
	for _, im := range images {
		roundTrip(t, im)
	}
	locs, _ := a.ListLocations(ctx)
	for _, l := range locs {
		roundTrip(t, l)
	}
	if a.Features().Volumes {
		v := s.createVolume(t, a, n.Location)
		roundTrip(t, *v)
	}
}

// bareDriver hides every optional interface of a driver.
type bareDriver struct{ driver.Driver }

func (s *suite) testUnimplemented(t *testing.T) {
	ctx := context.Background()
	full := s.account(t)
	f := full.Features()
	a := compute.New(bareDriver{s.h(t)})
	t.Cleanup(func() { _ = a.Close() })
	assert.Equal(t, compute.Features{Capabilities: f.Capabilities}, a.Features())
	for _, check := range []struct {
		has bool
		err error
	}{
		{f.StartStop, a.StartNode(ctx, "x")},
		{f.StartStop, a.StopNode(ctx, "x")},
		{f.KeyPairs, a.DeleteKeyPair(ctx, "x")},
		{f.KeyPairs, second(a.ListKeyPairs(ctx))},
		{f.KeyPairs, second(a.ImportKeyPair(ctx, "x", testKey))},
		{f.CreateKeyPair, second(a.CreateKeyPair(ctx, "x"))},
		{f.Volumes, second(a.ListVolumes(ctx))},
		{f.Volumes, second(a.CreateVolume(ctx, &compute.VolumeSpec{Name: "x", SizeGB: 1}))},
		{f.Volumes, a.AttachVolume(ctx, "x", "y", "")},
		{f.Volumes, a.DetachVolume(ctx, "x")},
		{f.Volumes, a.DestroyVolume(ctx, "x")},
		{f.Snapshots, second(a.CreateSnapshot(ctx, "x", "y"))},
		{f.Snapshots, a.DeleteSnapshot(ctx, "x")},
	} {
		assert.ErrorIs(t, check.err, errs.ErrUnimplemented)
	}
	// The portable layer falls back to listing when GetImage is missing.
	images, err := a.ListImages(ctx, "")
	require.NoError(t, err)
	img, err := a.GetImage(ctx, images[0].ID)
	require.NoError(t, err)
	assert.Equal(t, images[0].ID, img.ID)
	n, err := a.CreateNode(ctx, s.spec(t, a, uniqueName("bare")))
	require.NoError(t, err)
	require.NoError(t, a.DestroyNode(ctx, n.ID))
}

func second[T any](_ T, err error) error { return err }

func (s *suite) testConcurrentCreates(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	const n = 8
	ids := make([]string, n)
	specs := make([]*compute.NodeSpec, n)
	for i := range specs {
		specs[i] = s.spec(t, a, uniqueName("conc"))
	}
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			node, err := a.CreateNode(ctx, specs[i])
			if err != nil {
				errc <- err
				return
			}
			ids[i] = node.ID
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		require.NoError(t, err)
	}
	t.Cleanup(func() {
		for _, id := range ids {
			_ = a.DestroyNode(ctx, id)
		}
	})
	seen := map[string]bool{}
	for _, id := range ids {
		assert.False(t, seen[id], "duplicate ID %s", id)
		seen[id] = true
	}
	nodes := s.waitRunning(t, a, ids...)
	assert.Len(t, nodes, n)
	all, err := a.ListNodes(ctx)
	require.NoError(t, err)
	assert.Len(t, all, n)
}

func (s *suite) testConcurrentSameName(t *testing.T) {
	a := s.account(t)
	if !a.Features().UniqueNodeNames {
		t.Skip("provider allows duplicate node names")
	}
	ctx := context.Background()
	name := uniqueName("same")
	spec := s.spec(t, a, name)
	const n = 6
	var wg sync.WaitGroup
	results := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sp := *spec
			node, err := a.CreateNode(ctx, &sp)
			if err == nil {
				t.Cleanup(func() { _ = a.DestroyNode(ctx, node.ID) })
			}
			results <- err
		}()
	}
	wg.Wait()
	close(results)
	ok := 0
	for err := range results {
		if err == nil {
			ok++
			continue
		}
		assert.ErrorIs(t, err, errs.ErrAlreadyExists)
	}
	assert.Equal(t, 1, ok, "exactly one create of a name wins")
}

func (s *suite) testClosed(t *testing.T) {
	a := compute.New(s.h(t))
	require.NoError(t, a.Close())
	_, err := a.ListNodes(context.Background())
	assert.ErrorIs(t, err, errs.ErrPreconditionFailed)
	assert.ErrorIs(t, a.Close(), errs.ErrPreconditionFailed)
}
