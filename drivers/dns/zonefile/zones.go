package zonefile

import (
	"context"
	"os"
	"sort"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListZones implements driver.Driver: the zone files in the directory, in
// domain order.
func (d *Driver) ListZones(ctx context.Context, opts *driver.ListOptions) (*driver.ZonePage, error) {
	const op = "zonefile.ListZones"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, "")
	}
	entries, err := os.ReadDir(d.opts.Dir)
	if err != nil {
		return nil, classify(err, op, d.opts.Dir)
	}
	var domains []string
	for _, e := range entries {
		if dom, ok := domainOf(e.Name()); ok && e.Type().IsRegular() {
			domains = append(domains, dom)
		}
	}
	sort.Strings(domains)
	page, next, err := driver.Paginate(op, domains, opts, strings.Compare)
	if err != nil {
		return nil, err
	}
	out := &driver.ZonePage{NextPageToken: next}
	for _, dom := range page {
		z, err := d.readZone(op, dom)
		if errs.Is(err, errs.NotFound) {
			continue // deleted since the listing
		}
		if err != nil {
			return nil, err
		}
		out.Zones = append(out.Zones, *z)
	}
	return out, nil
}

// GetZone implements driver.Driver.
func (d *Driver) GetZone(ctx context.Context, id string) (*driver.Zone, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "zonefile.GetZone", id)
	}
	return d.readZone("zonefile.GetZone", id)
}

// CreateZone implements driver.Driver: a new file with an SOA and one
// apex NS record (Options.Nameserver).
func (d *Driver) CreateZone(ctx context.Context, spec *driver.ZoneSpec) (*driver.Zone, error) {
	const op = "zonefile.CreateZone"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, spec.Domain)
	}
	dom := spec.Domain
	if n, err := zonefmt.NormalizeDomain(dom); err != nil || n != dom {
		return nil, errs.Errorf(errs.InvalidArgument, op, dom, "want a lower-case ASCII domain without trailing dot")
	}
	if spec.Type != "" && spec.Type != driver.ZoneMaster {
		return nil, errs.Errorf(errs.InvalidArgument, op, dom, "zone files serve master zones only")
	}
	ttl := spec.TTL
	if ttl == 0 {
		ttl = zonefmt.DefaultTTL
	}
	if ttl < 0 || ttl > zonefmt.MaxTTL {
		return nil, errs.Errorf(errs.InvalidArgument, op, dom, "TTL %d out of range", ttl)
	}
	ns, hm := d.opts.Nameserver, d.opts.Hostmaster
	if ns == "" {
		ns = "ns1." + dom + "."
	}
	if hm == "" {
		hm = "hostmaster." + dom + "."
	}
	z := driver.Zone{ID: dom, Domain: dom, Type: driver.ZoneMaster, TTL: ttl}
	soa, err := zonefmt.Canonicalize(dom, driver.RecordSpec{Type: driver.SOA, TTL: ttl,
		Data: ns + " " + hm + " 0 3600 900 1209600 300"})
	if err != nil {
		return nil, errs.Wrap(err, op, dom)
	}
	nsRec, err := zonefmt.Canonicalize(dom, driver.RecordSpec{Type: driver.NS, TTL: ttl, Data: ns})
	if err != nil {
		return nil, errs.Wrap(err, op, dom)
	}
	unlock := d.lock(dom)
	defer unlock()
	zf := &zoneFile{zone: z, records: []driver.Record{recordOf(soa), recordOf(nsRec)}}
	if err := d.write(op, zf, true); err != nil {
		return nil, err
	}
	return d.readZone(op, dom)
}

// UpdateZone implements driver.Driver. The TTL becomes the file's $TTL
// (records keep their explicit TTLs); only master is a valid type; Extra
// is not stored.
func (d *Driver) UpdateZone(ctx context.Context, id string, u *driver.ZoneUpdate) (*driver.Zone, error) {
	const op = "zonefile.UpdateZone"
	if err := checkID(op, id); err != nil {
		return nil, err
	}
	if u.Type != nil && *u.Type != driver.ZoneMaster {
		return nil, errs.Errorf(errs.InvalidArgument, op, id, "zone files serve master zones only")
	}
	if u.TTL != nil && (*u.TTL <= 0 || *u.TTL > zonefmt.MaxTTL) {
		return nil, errs.Errorf(errs.InvalidArgument, op, id, "TTL %d out of range", *u.TTL)
	}
	if u.TTL != nil {
		err := d.modify(ctx, op, id, func(zf *zoneFile) error {
			zf.zone.TTL = *u.TTL
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return d.readZone(op, id)
}

// DeleteZone implements driver.Driver: the file is removed.
func (d *Driver) DeleteZone(ctx context.Context, id string) error {
	const op = "zonefile.DeleteZone"
	if err := checkID(op, id); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, op, id)
	}
	unlock := d.lock(id)
	defer unlock()
	if err := os.Remove(d.path(id)); err != nil {
		return classify(err, op, id)
	}
	return syncDir(d.opts.Dir)
}

func recordOf(s driver.RecordSpec) driver.Record {
	r := driver.Record{Name: s.Name, Type: s.Type, Data: s.Data, TTL: s.TTL, Priority: s.Priority}
	r.ID = recordID(r)
	return r
}
