package dns

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListRecords returns every record of a zone, following the driver's
// pages.
func (a *Account) ListRecords(ctx context.Context, zoneID string) ([]Record, error) {
	const op = "dns.ListRecords"
	var all []Record
	token := ""
	for {
		recs, next, err := a.ListRecordsPage(ctx, zoneID, token, 0)
		if err != nil {
			return nil, errs.Wrap(err, op, zoneID)
		}
		all = append(all, recs...)
		if next == "" {
			return all, nil
		}
		if next == token {
			return nil, errs.Errorf(errs.Unknown, op, zoneID, "driver returned page token %q twice", next)
		}
		token = next
	}
}

// ListRecordsPage returns one page of a zone's records and the next page's
// token ("" after the last).
func (a *Account) ListRecordsPage(ctx context.Context, zoneID, pageToken string, pageSize int) ([]Record, string, error) {
	const op = "dns.ListRecordsPage"
	if err := a.checkID(op, "zone", zoneID); err != nil {
		return nil, "", err
	}
	if pageSize < 0 {
		return nil, "", errs.Errorf(errs.InvalidArgument, op, zoneID, "negative page size %d", pageSize)
	}
	p, err := a.d.ListRecords(ctx, zoneID, &driver.ListOptions{PageToken: pageToken, PageSize: pageSize})
	if err != nil {
		return nil, "", errs.Wrap(err, op, zoneID)
	}
	return p.Records, p.NextPageToken, nil
}

// GetRecord returns a record by ID; errs.NotFound if the zone or record
// is unknown.
func (a *Account) GetRecord(ctx context.Context, zoneID, id string) (*Record, error) {
	const op = "dns.GetRecord"
	if err := a.checkRecordIDs(op, zoneID, id); err != nil {
		return nil, err
	}
	r, err := a.d.GetRecord(ctx, zoneID, id)
	return r, errs.Wrap(err, op, zoneID+"/"+id)
}

// CreateRecord adds one record (one value of an RRset). The spec is
// canonicalised first: see zonefmt.Canonicalize. Creating an SOA is
// errs.InvalidArgument: the provider owns it.
func (a *Account) CreateRecord(ctx context.Context, zoneID string, spec RecordSpec) (*Record, error) {
	const op = "dns.CreateRecord"
	if err := a.checkID(op, "zone", zoneID); err != nil {
		return nil, err
	}
	c, err := a.prepare(ctx, op, zoneID, spec)
	if err != nil {
		return nil, err
	}
	if c.Type == driver.SOA {
		return nil, errs.Errorf(errs.InvalidArgument, op, zoneID, "the provider owns the SOA; update it instead")
	}
	r, err := a.d.CreateRecord(ctx, zoneID, &c)
	return r, errs.Wrap(err, op, zoneID+"/"+c.Name)
}

// UpdateRecord replaces a record's name, type, data, TTL and priority. The
// returned record may have a new ID.
func (a *Account) UpdateRecord(ctx context.Context, zoneID, id string, spec RecordSpec) (*Record, error) {
	const op = "dns.UpdateRecord"
	if err := a.checkRecordIDs(op, zoneID, id); err != nil {
		return nil, err
	}
	c, err := a.prepare(ctx, op, zoneID, spec)
	if err != nil {
		return nil, err
	}
	r, err := a.d.UpdateRecord(ctx, zoneID, id, &c)
	return r, errs.Wrap(err, op, zoneID+"/"+id)
}

// DeleteRecord deletes one record.
func (a *Account) DeleteRecord(ctx context.Context, zoneID, id string) error {
	const op = "dns.DeleteRecord"
	if err := a.checkRecordIDs(op, zoneID, id); err != nil {
		return err
	}
	return errs.Wrap(a.d.DeleteRecord(ctx, zoneID, id), op, zoneID+"/"+id)
}

// prepare canonicalises a spec for its zone and checks that the provider
// supports its type.
func (a *Account) prepare(ctx context.Context, op, zoneID string, spec RecordSpec) (RecordSpec, error) {
	z, err := a.d.GetZone(ctx, zoneID)
	if err != nil {
		return spec, errs.Wrap(err, op, zoneID)
	}
	c, err := zonefmt.Canonicalize(z.Domain, spec)
	if err != nil {
		return spec, errs.Wrap(err, op, zoneID+"/"+spec.Name)
	}
	if err := a.checkType(ctx, op, zoneID, c.Type); err != nil {
		return spec, err
	}
	return c, nil
}

func (a *Account) checkType(ctx context.Context, op, zoneID string, t RecordType) error {
	ok, err := a.supports(ctx, t)
	if err != nil {
		return errs.Wrap(err, op, zoneID)
	}
	if !ok {
		return errs.Errorf(errs.InvalidArgument, op, zoneID, "this provider does not support %s records", t)
	}
	return nil
}

func (a *Account) checkRecordIDs(op, zoneID, id string) error {
	if err := a.checkID(op, "zone", zoneID); err != nil {
		return err
	}
	return a.checkID(op, "record", id)
}
