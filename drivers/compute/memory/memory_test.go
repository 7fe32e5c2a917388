package memory

import (
	"context"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/compute/drivertest"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver { return New(DefaultOptions) })
}

func TestConformanceSettleByDelay(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver {
		return New(Options{SettleDelay: 5 * time.Millisecond})
	})
}

func TestNodeSettlesAfterPolls(t *testing.T) {
	ctx := context.Background()
	d := New(Options{SettlePolls: 3})
	n, err := d.CreateNode(ctx, &driver.NodeSpec{Name: "web1", Size: "small", Image: "debian-12"})
	require.NoError(t, err)
	assert.Equal(t, driver.NodePending, n.State)
	var states []driver.NodeState
	for range 4 {
		got, err := d.GetNode(ctx, n.ID)
		require.NoError(t, err)
		states = append(states, got.State)
	}
	assert.Equal(t, []driver.NodeState{"pending", "pending", "running", "running"}, states)
}

func TestSimulatedBootFailure(t *testing.T) {
	a := compute.New(New(DefaultOptions))
	ctx := context.Background()
	n, err := a.CreateNode(ctx, &compute.NodeSpec{Name: "bad", Size: "small", Image: "debian-12", Extra: map[string]string{SimulateKey: "error"}})
	require.NoError(t, err)
	_, err = a.WaitUntilRunning(ctx, []string{n.ID}, &compute.WaitOptions{PollInterval: time.Millisecond})
	assert.ErrorContains(t, err, "state error")
}

func TestProviderValidation(t *testing.T) {
	ctx := context.Background()
	d := New(DefaultOptions)
	for what, spec := range map[string]driver.NodeSpec{
		"bad host name":  {Name: "web_1", Size: "small", Image: "debian-12"},
		"short password": {Name: "web1", Size: "small", Image: "debian-12", Auth: driver.NodeAuth{Password: "x"}},
		"size elsewhere": {Name: "web1", Size: "xlarge", Image: "debian-12", Location: "mem-2"},
	} {
		_, err := d.CreateNode(ctx, &spec)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, what)
	}
	_, err := d.ListNodes(ctx, &driver.ListOptions{PageToken: "!!"})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func TestOpen(t *testing.T) {
	d, err := Open(context.Background(), params.Params{Options: map[string]string{"settle_polls": "0", "settle_delay": "1ms"}})
	require.NoError(t, err)
	assert.Equal(t, Options{SettleDelay: time.Millisecond}, d.(*Driver).opts)
	_, err = Open(context.Background(), params.Params{Options: map[string]string{"settle_polls": "x"}})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}
