// Package drivertest is the conformance suite every compute driver runs,
// in the manner of gocloud.dev's drivertest: a provider's test file is
// little more than a harness that makes a fresh driver per test.
//
//	func TestConformance(t *testing.T) {
//		drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver {
//			return memory.New(memory.Options{SettlePolls: 2})
//		})
//	}
//
// The suite goes through the portable API (drivers/compute), so it checks
// the driver and the portable layer together. It covers every operation,
// the error kinds each must return, pagination, JSON round trips and
// concurrent use. Optional parts are tested where the driver has them and
// must give errs.Unimplemented where it does not.
package drivertest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/stretchr/testify/require"
)

// Harness makes a fresh, empty driver for one test.
type Harness func(t *testing.T) driver.Driver

// Options tunes the suite for slow or costly providers.
type Options struct {
	// PollInterval for WaitUntilRunning (default 10ms).
	PollInterval time.Duration
	// WaitTimeout bounds each wait (default 1 minute).
	WaitTimeout time.Duration
	// Size, Image and Location for test nodes; "" picks the first the
	// catalogue lists.
	Size, Image, Location string
}

// RunConformanceTests runs the suite with default options.
func RunConformanceTests(t *testing.T, h Harness) {
	RunConformanceTestsWithOptions(t, h, Options{})
}

// RunConformanceTestsWithOptions runs the suite.
func RunConformanceTestsWithOptions(t *testing.T, h Harness, o Options) {
	if o.PollInterval == 0 {
		o.PollInterval = 10 * time.Millisecond
	}
	if o.WaitTimeout == 0 {
		o.WaitTimeout = time.Minute
	}
	s := &suite{h: h, o: o}
	tests := []struct {
		name string
		f    func(*testing.T)
	}{
		{"Catalogue", s.testCatalogue},
		{"NodeLifecycle", s.testNodeLifecycle},
		{"StartStop", s.testStartStop},
		{"CreateNodeErrors", s.testCreateNodeErrors},
		{"NotFound", s.testNotFound},
		{"ListNodesPagination", s.testPagination},
		{"WaitUntilRunning", s.testWait},
		{"JSONRoundTrip", s.testJSON},
		{"KeyPairs", s.testKeyPairs},
		{"CreateKeyPair", s.testCreateKeyPair},
		{"Volumes", s.testVolumes},
		{"Snapshots", s.testSnapshots},
		{"Unimplemented", s.testUnimplemented},
		{"ConcurrentCreates", s.testConcurrentCreates},
		{"ConcurrentSameName", s.testConcurrentSameName},
		{"Closed", s.testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.f)
	}
}

type suite struct {
	h Harness
	o Options
}

var nameSeq atomic.Int64

// uniqueName makes a node-name-safe name unique within the process.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s-%d-%d", prefix, time.Now().UnixNano()%1e6, nameSeq.Add(1))
}

// account makes a fresh account closed at the end of the test.
func (s *suite) account(t *testing.T) *compute.Account {
	t.Helper()
	a := compute.New(s.h(t))
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// spec returns a valid spec for a test node named name.
func (s *suite) spec(t *testing.T, a *compute.Account, name string) *compute.NodeSpec {
	t.Helper()
	ctx := context.Background()
	sp := &compute.NodeSpec{Name: name, Size: s.o.Size, Image: s.o.Image, Location: s.o.Location}
	if sp.Size == "" {
		sizes, err := a.ListSizes(ctx, sp.Location)
		require.NoError(t, err)
		require.NotEmpty(t, sizes)
		sp.Size = sizes[0].ID
	}
	if sp.Image == "" {
		images, err := a.ListImages(ctx, sp.Location)
		require.NoError(t, err)
		require.NotEmpty(t, images)
		sp.Image = images[0].ID
	}
	return sp
}

// createNode creates a node and destroys it at the end of the test.
func (s *suite) createNode(t *testing.T, a *compute.Account, name string) *compute.Node {
	t.Helper()
	n, err := a.CreateNode(context.Background(), s.spec(t, a, name))
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.DestroyNode(context.Background(), n.ID) })
	return n
}

// waitRunning waits for nodes to run.
func (s *suite) waitRunning(t *testing.T, a *compute.Account, ids ...string) []compute.Node {
	t.Helper()
	nodes, err := a.WaitUntilRunning(context.Background(), ids, s.waitOpts())
	require.NoError(t, err)
	return nodes
}

func (s *suite) waitOpts() *compute.WaitOptions {
	return &compute.WaitOptions{PollInterval: s.o.PollInterval, Timeout: s.o.WaitTimeout}
}

// waitState polls a node until it is in state want.
func (s *suite) waitState(t *testing.T, a *compute.Account, id string, want compute.NodeState) {
	t.Helper()
	deadline := time.Now().Add(s.o.WaitTimeout)
	for {
		n, err := a.GetNode(context.Background(), id)
		require.NoError(t, err)
		if n.State == want {
			return
		}
		require.True(t, time.Now().Before(deadline), "node %s still %s, want %s", id, n.State, want)
		time.Sleep(s.o.PollInterval)
	}
}
