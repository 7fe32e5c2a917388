package memory

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// zone is a zone with its records.
type zone struct {
	z       driver.Zone
	records map[string]driver.Record // by ID
}

func (z *zone) copy() *driver.Zone {
	c := z.z
	c.Extra = copyMap(z.z.Extra)
	return &c
}

// ListZones implements driver.Driver, in domain order.
func (d *Driver) ListZones(ctx context.Context, opts *driver.ListOptions) (*driver.ZonePage, error) {
	const op = "memory.ListZones"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, "")
	}
	d.mu.Lock()
	all := make([]driver.Zone, 0, len(d.zones))
	for _, z := range d.zones {
		all = append(all, *z.copy())
	}
	d.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].Domain < all[j].Domain })
	page, next, err := driver.Paginate(op, all, opts, func(a, b driver.Zone) int { return strings.Compare(a.Domain, b.Domain) })
	if err != nil {
		return nil, err
	}
	return &driver.ZonePage{Zones: page, NextPageToken: next}, nil
}

// GetZone implements driver.Driver.
func (d *Driver) GetZone(ctx context.Context, id string) (*driver.Zone, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	z, err := d.zone(ctx, "memory.GetZone", id)
	if err != nil {
		return nil, err
	}
	return z.copy(), nil
}

// zone looks a zone up. d.mu must be held.
func (d *Driver) zone(ctx context.Context, op, id string) (*zone, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, id)
	}
	z, ok := d.zones[id]
	if !ok {
		return nil, errs.E(errs.NotFound, op, id, nil)
	}
	return z, nil
}

// CreateZone implements driver.Driver. The zone starts with an SOA and
// the two apex NS records in Nameservers.
func (d *Driver) CreateZone(ctx context.Context, spec *driver.ZoneSpec) (*driver.Zone, error) {
	const op = "memory.CreateZone"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, spec.Domain)
	}
	if n, err := zonefmt.NormalizeDomain(spec.Domain); err != nil || n != spec.Domain {
		return nil, errs.Errorf(errs.InvalidArgument, op, spec.Domain, "want a lower-case ASCII domain without trailing dot")
	}
	typ, ttl := spec.Type, spec.TTL
	if typ == "" {
		typ = driver.ZoneMaster
	}
	if ttl == 0 {
		ttl = zonefmt.DefaultTTL
	}
	if err := checkZoneFields(op, spec.Domain, typ, ttl, spec.Extra); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, z := range d.zones {
		if z.z.Domain == spec.Domain {
			return nil, errs.E(errs.AlreadyExists, op, spec.Domain, nil)
		}
	}
	z := &zone{
		z:       driver.Zone{ID: d.nextID("zone"), Domain: spec.Domain, Type: typ, TTL: ttl, Extra: copyMap(spec.Extra)},
		records: map[string]driver.Record{},
	}
	soa := driver.Record{ID: d.nextID("rec"), Type: driver.SOA, TTL: ttl,
		Data: fmt.Sprintf("%s hostmaster.%s. 1 3600 900 1209600 300", Nameservers[0], spec.Domain)}
	z.records[soa.ID] = soa
	for _, ns := range Nameservers {
		r := driver.Record{ID: d.nextID("rec"), Type: driver.NS, Data: ns, TTL: 172800}
		z.records[r.ID] = r
	}
	d.zones[z.z.ID] = z
	return z.copy(), nil
}

// bump increments the serial in the zone's SOA, as providers do on
// every change.
func (z *zone) bump() {
	for id, r := range z.records {
		if f := strings.Fields(r.Data); r.Type == driver.SOA && len(f) == 7 {
			n, _ := strconv.ParseUint(f[2], 10, 32)
			f[2] = strconv.FormatUint(uint64(uint32(n+1)), 10)
			r.Data = strings.Join(f, " ")
			z.records[id] = r
		}
	}
}

// UpdateZone implements driver.Driver.
func (d *Driver) UpdateZone(ctx context.Context, id string, u *driver.ZoneUpdate) (*driver.Zone, error) {
	const op = "memory.UpdateZone"
	d.mu.Lock()
	defer d.mu.Unlock()
	z, err := d.zone(ctx, op, id)
	if err != nil {
		return nil, err
	}
	next := *z.copy()
	if u.Type != nil {
		next.Type = *u.Type
	}
	if u.TTL != nil {
		next.TTL = *u.TTL
	}
	if u.Extra != nil {
		next.Extra = copyMap(u.Extra)
	}
	if err := checkZoneFields(op, id, next.Type, next.TTL, next.Extra); err != nil {
		return nil, err
	}
	z.z = next
	return z.copy(), nil
}

// DeleteZone implements driver.Driver.
func (d *Driver) DeleteZone(ctx context.Context, id string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, err := d.zone(ctx, "memory.DeleteZone", id); err != nil {
		return err
	}
	delete(d.zones, id)
	return nil
}
