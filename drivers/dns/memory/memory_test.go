package memory

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/drivertest"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver { return New() })
}

func TestProviderBehaviour(t *testing.T) {
	ctx := context.Background()
	d := New()
	_, err := d.CreateZone(ctx, &driver.ZoneSpec{Domain: "Example.com."})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument, "the driver wants normalised domains")
	_, err = d.CreateZone(ctx, &driver.ZoneSpec{Domain: "sec.example", Type: driver.ZoneSlave})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument, "a slave zone needs its master")
	z, err := d.CreateZone(ctx, &driver.ZoneSpec{Domain: "example.com"})
	require.NoError(t, err)
	serial := func() string {
		p, err := d.ListRecords(ctx, z.ID, &driver.ListOptions{})
		require.NoError(t, err)
		for _, r := range p.Records {
			if r.Type == driver.SOA {
				return strings.Fields(r.Data)[2]
			}
		}
		return ""
	}
	assert.Equal(t, "1", serial())
	_, err = d.CreateRecord(ctx, z.ID, &driver.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	require.NoError(t, err)
	assert.Equal(t, "2", serial(), "a change bumps the serial")
	err = d.ApplyChanges(ctx, z.ID, &driver.Changes{Creates: []driver.RecordSpec{
		{Name: "a", Type: "A", Data: "192.0.2.2"}, {Name: "www", Type: "CNAME", Data: "x.example."},
	}})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	p, err := d.ListRecords(ctx, z.ID, &driver.ListOptions{})
	require.NoError(t, err)
	assert.Len(t, p.Records, 4, "a failed change set changes nothing")
	assert.Equal(t, "2", serial())
	_, err = d.ListZones(ctx, &driver.ListOptions{PageToken: "garbage!"})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}
