// Package memory is an in-memory DNS driver for tests: the conformance
// suite and the mount's unit tests run on it. It behaves like a hosted DNS
// provider: a new zone gets an SOA and two apex NS records that the
// provider owns, every change bumps the SOA serial, and input is checked
// as a provider would (taken domains, malformed data, a CNAME beside other
// records and duplicate records are errors of the right errs kind). It is
// safe for concurrent use.
package memory

import (
	"context"
	"fmt"
	"net/netip"
	"sync"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
)

// Nameservers are the apex NS records every new zone gets.
var Nameservers = []string{"ns1.memory.invalid.", "ns2.memory.invalid."}

// Driver is the in-memory DNS driver.
type Driver struct {
	mu    sync.Mutex
	seq   int
	zones map[string]*zone // by ID
}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.ChangeApplier = (*Driver)(nil)
)

// New returns an empty account.
func New() *Driver { return &Driver{zones: map[string]*zone{}} }

// Open is the registry's constructor. The driver takes no options.
func Open(context.Context, params.Params) (driver.Driver, error) { return New(), nil }

// Capabilities implements driver.Driver.
func (d *Driver) Capabilities() driver.Capabilities {
	return driver.Capabilities{SlaveZones: true, ProviderOwnsApexNS: true}
}

// RecordTypes implements driver.Driver: every type the API knows.
func (d *Driver) RecordTypes(ctx context.Context) ([]driver.RecordType, error) {
	return append([]driver.RecordType(nil), driver.RecordTypes...), ctx.Err()
}

// Close implements driver.Driver.
func (d *Driver) Close() error { return nil }

// nextID returns a new ID. d.mu must be held.
func (d *Driver) nextID(prefix string) string {
	d.seq++
	return fmt.Sprintf("%s-%06d", prefix, d.seq)
}

// checkZoneFields validates a zone's type, TTL and extra.
func checkZoneFields(op, res string, typ driver.ZoneType, ttl int, extra map[string]string) error {
	switch typ {
	case driver.ZoneMaster:
	case driver.ZoneSlave:
		if _, err := netip.ParseAddr(extra["master"]); err != nil {
			return errs.Errorf(errs.InvalidArgument, op, res, "a slave zone needs extra.master, the primary's IP address")
		}
	default:
		return errs.Errorf(errs.InvalidArgument, op, res, "zone type %q", typ)
	}
	if ttl <= 0 || ttl > zonefmt.MaxTTL {
		return errs.Errorf(errs.InvalidArgument, op, res, "TTL %d out of range", ttl)
	}
	return nil
}

func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
