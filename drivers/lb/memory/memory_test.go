package memory

import (
	"context"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
	"github.com/cloudfs/cloudfs/drivers/lb/drivertest"
	"github.com/stretchr/testify/assert"
)

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver { return New() })
}

func TestProviderValidation(t *testing.T) {
	ctx := context.Background()
	d := New()
	_, err := d.CreateBalancer(ctx, &driver.BalancerSpec{Name: "x", Port: 80, Protocol: "HTTP"})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument, "the driver wants lower-case protocols")
	_, err = d.CreateBalancer(ctx, &driver.BalancerSpec{Name: "x", Port: 80, Protocol: "http",
		Members: []driver.MemberSpec{{IP: "192.0.2.1", Port: 80, Weight: 1000}}})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument, "weights go to 256")
	_, err = d.ListBalancers(ctx, &driver.ListOptions{PageToken: "nonsense"})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}
