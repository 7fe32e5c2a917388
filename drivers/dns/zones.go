package dns

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListZones returns every zone, following the driver's pages.
func (a *Account) ListZones(ctx context.Context) ([]Zone, error) {
	const op = "dns.ListZones"
	var all []Zone
	token := ""
	for {
		zones, next, err := a.ListZonesPage(ctx, token, 0)
		if err != nil {
			return nil, errs.Wrap(err, op, "")
		}
		all = append(all, zones...)
		if next == "" {
			return all, nil
		}
		if next == token {
			return nil, errs.Errorf(errs.Unknown, op, "", "driver returned page token %q twice", next)
		}
		token = next
	}
}

// ListZonesPage returns one page of zones and the next page's token ("" after
// the last). pageSize 0 takes the driver's default.
func (a *Account) ListZonesPage(ctx context.Context, pageToken string, pageSize int) ([]Zone, string, error) {
	const op = "dns.ListZonesPage"
	if err := a.check(op, ""); err != nil {
		return nil, "", err
	}
	if pageSize < 0 {
		return nil, "", errs.Errorf(errs.InvalidArgument, op, "", "negative page size %d", pageSize)
	}
	p, err := a.d.ListZones(ctx, &driver.ListOptions{PageToken: pageToken, PageSize: pageSize})
	if err != nil {
		return nil, "", errs.Wrap(err, op, "")
	}
	return p.Zones, p.NextPageToken, nil
}

// GetZone returns a zone by ID; errs.NotFound if none.
func (a *Account) GetZone(ctx context.Context, id string) (*Zone, error) {
	const op = "dns.GetZone"
	if err := a.checkID(op, "zone", id); err != nil {
		return nil, err
	}
	z, err := a.d.GetZone(ctx, id)
	return z, errs.Wrap(err, op, id)
}

// ZoneByDomain finds a zone by its domain, in any form NormalizeDomain
// takes ("Bücher.example." finds "xn--bcher-kva.example").
func (a *Account) ZoneByDomain(ctx context.Context, domain string) (*Zone, error) {
	const op = "dns.ZoneByDomain"
	d, err := zonefmt.NormalizeDomain(domain)
	if err != nil {
		return nil, errs.Wrap(err, op, domain)
	}
	zones, err := a.ListZones(ctx)
	if err != nil {
		return nil, errs.Wrap(err, op, d)
	}
	for i := range zones {
		if zones[i].Domain == d {
			return &zones[i], nil
		}
	}
	return nil, errs.E(errs.NotFound, op, d, nil)
}

// CreateZone creates a zone. The domain is normalised (IDN to punycode);
// Type defaults to master and TTL to 3600.
func (a *Account) CreateZone(ctx context.Context, spec ZoneSpec) (*Zone, error) {
	const op = "dns.CreateZone"
	if err := a.check(op, spec.Domain); err != nil {
		return nil, err
	}
	d, err := zonefmt.NormalizeDomain(spec.Domain)
	if err != nil {
		return nil, errs.Wrap(err, op, spec.Domain)
	}
	spec.Domain = d
	if spec.Type == "" {
		spec.Type = ZoneMaster
	}
	if spec.TTL == 0 {
		spec.TTL = zonefmt.DefaultTTL
	}
	if err := a.checkZoneFields(op, d, spec.Type, spec.TTL); err != nil {
		return nil, err
	}
	z, err := a.d.CreateZone(ctx, &spec)
	return z, errs.Wrap(err, op, d)
}

// UpdateZone changes a zone's type, TTL or extra.
func (a *Account) UpdateZone(ctx context.Context, id string, u ZoneUpdate) (*Zone, error) {
	const op = "dns.UpdateZone"
	if err := a.checkID(op, "zone", id); err != nil {
		return nil, err
	}
	typ, ttl := ZoneMaster, zonefmt.DefaultTTL
	if u.Type != nil {
		typ = *u.Type
	}
	if u.TTL != nil {
		ttl = *u.TTL
	}
	if err := a.checkZoneFields(op, id, typ, ttl); err != nil {
		return nil, err
	}
	z, err := a.d.UpdateZone(ctx, id, &u)
	return z, errs.Wrap(err, op, id)
}

func (a *Account) checkZoneFields(op, res string, typ ZoneType, ttl int) error {
	switch {
	case typ != ZoneMaster && typ != ZoneSlave:
		return errs.Errorf(errs.InvalidArgument, op, res, "zone type %q: want master or slave", typ)
	case typ == ZoneSlave && !a.caps.SlaveZones:
		return errs.Errorf(errs.InvalidArgument, op, res, "this provider has no slave zones")
	case ttl <= 0 || ttl > zonefmt.MaxTTL:
		return errs.Errorf(errs.InvalidArgument, op, res, "zone TTL %d out of range", ttl)
	}
	return nil
}

// DeleteZoneOptions tunes DeleteZone.
type DeleteZoneOptions struct {
	// Recursive deletes the zone with its records. Without it a zone that
	// holds records other than its SOA and apex NS is errs.NotEmpty (the
	// mount's rmdir).
	Recursive bool
}

// DeleteZone deletes a zone; see DeleteZoneOptions (nil: not recursive).
func (a *Account) DeleteZone(ctx context.Context, id string, opts *DeleteZoneOptions) error {
	const op = "dns.DeleteZone"
	if err := a.checkID(op, "zone", id); err != nil {
		return err
	}
	if opts == nil || !opts.Recursive {
		recs, err := a.ListRecords(ctx, id)
		if err != nil {
			return errs.Wrap(err, op, id)
		}
		for _, r := range recs {
			if r.Type != driver.SOA && !(r.Name == "" && r.Type == driver.NS) {
				return errs.Errorf(errs.NotEmpty, op, id, "zone still has records (%q %s, ...)", r.Name, r.Type)
			}
		}
	}
	return errs.Wrap(a.d.DeleteZone(ctx, id), op, id)
}

func (a *Account) checkID(op, what, id string) error {
	if err := a.check(op, id); err != nil {
		return err
	}
	if id == "" {
		return errs.Errorf(errs.InvalidArgument, op, id, "%s ID is empty", what)
	}
	return nil
}
