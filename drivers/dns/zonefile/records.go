package zonefile

import (
	"context"
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListRecords implements driver.Driver, in zone-file order.
func (d *Driver) ListRecords(ctx context.Context, zoneID string, opts *driver.ListOptions) (*driver.RecordPage, error) {
	const op = "zonefile.ListRecords"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, zoneID)
	}
	zf, err := d.read(op, zoneID)
	if err != nil {
		return nil, err
	}
	page, next, err := driver.Paginate(op, zf.records, opts, zonefmt.Compare)
	if err != nil {
		return nil, err
	}
	return &driver.RecordPage{Records: page, NextPageToken: next}, nil
}

// GetRecord implements driver.Driver.
func (d *Driver) GetRecord(ctx context.Context, zoneID, id string) (*driver.Record, error) {
	const op = "zonefile.GetRecord"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, zoneID)
	}
	zf, err := d.read(op, zoneID)
	if err != nil {
		return nil, err
	}
	i, err := find(zf, id)
	if err != nil {
		return nil, errs.Wrap(err, op, zoneID+"/"+id)
	}
	return &zf.records[i], nil
}

// CreateRecord implements driver.Driver.
func (d *Driver) CreateRecord(ctx context.Context, zoneID string, spec *driver.RecordSpec) (*driver.Record, error) {
	var out driver.Record
	err := d.modify(ctx, "zonefile.CreateRecord", zoneID, func(zf *zoneFile) (err error) {
		out, err = create(zf, spec)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateRecord implements driver.Driver. The record's ID changes with its
// name, type, priority or data.
func (d *Driver) UpdateRecord(ctx context.Context, zoneID, id string, spec *driver.RecordSpec) (*driver.Record, error) {
	var out driver.Record
	err := d.modify(ctx, "zonefile.UpdateRecord", zoneID, func(zf *zoneFile) (err error) {
		out, err = update(zf, id, spec)
		return err
	})
	if err != nil {
		return nil, err
	}
	if out.Type == driver.SOA {
		return d.GetRecord(ctx, zoneID, out.ID) // with the new serial
	}
	return &out, nil
}

// DeleteRecord implements driver.Driver.
func (d *Driver) DeleteRecord(ctx context.Context, zoneID, id string) error {
	return d.modify(ctx, "zonefile.DeleteRecord", zoneID, func(zf *zoneFile) error {
		return remove(zf, id)
	})
}

// ApplyChanges implements driver.ChangeApplier: one rewrite of the file,
// one serial bump, all or nothing.
func (d *Driver) ApplyChanges(ctx context.Context, zoneID string, c *driver.Changes) error {
	return d.modify(ctx, "zonefile.ApplyChanges", zoneID, func(zf *zoneFile) error {
		for _, r := range c.Deletes {
			if err := remove(zf, r.ID); err != nil {
				return err
			}
		}
		for _, u := range c.Updates {
			if _, err := update(zf, u.ID, &u.Spec); err != nil {
				return err
			}
		}
		for i := range c.Creates {
			if _, err := create(zf, &c.Creates[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// modify reads the zone under its lock, applies f, validates the result
// and writes it back with a new serial. Nothing is written if any step
// fails.
func (d *Driver) modify(ctx context.Context, op, zoneID string, f func(*zoneFile) error) error {
	if err := checkID(op, zoneID); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, op, zoneID)
	}
	unlock := d.lock(zoneID)
	defer unlock()
	zf, err := d.read(op, zoneID)
	if err != nil {
		return err
	}
	if err := f(zf); err != nil {
		return errs.Wrap(err, op, zoneID)
	}
	if err := zonefmt.Validate(zoneID, zf.records); err != nil {
		return errs.Wrap(err, op, zoneID)
	}
	return d.write(op, zf, false)
}

func find(zf *zoneFile, id string) (int, error) {
	i := slices.IndexFunc(zf.records, func(r driver.Record) bool { return r.ID == id })
	if i < 0 {
		return -1, errs.E(errs.NotFound, "", id, nil)
	}
	return i, nil
}

func create(zf *zoneFile, spec *driver.RecordSpec) (driver.Record, error) {
	c, err := zonefmt.Canonicalize(zf.zone.Domain, *spec)
	if err != nil {
		return driver.Record{}, err
	}
	if c.Type == driver.SOA {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", "", "a zone has one SOA; update it")
	}
	r := recordOf(withTTL(c, zf.zone))
	zf.records = append(zf.records, r)
	return r, nil
}

func update(zf *zoneFile, id string, spec *driver.RecordSpec) (driver.Record, error) {
	i, err := find(zf, id)
	if err != nil {
		return driver.Record{}, err
	}
	c, err := zonefmt.Canonicalize(zf.zone.Domain, *spec)
	if err != nil {
		return driver.Record{}, err
	}
	if (zf.records[i].Type == driver.SOA) != (c.Type == driver.SOA) {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", id, "an SOA stays an SOA")
	}
	if c.Type == driver.SOA {
		// The driver owns the serial; write bumps it from the current one.
		of, nf := strings.Fields(zf.records[i].Data), strings.Fields(c.Data)
		if len(of) == 7 && len(nf) == 7 {
			nf[2] = of[2]
			c.Data = strings.Join(nf, " ")
		}
	}
	r := recordOf(withTTL(c, zf.zone))
	zf.records[i] = r
	return r, nil
}

func remove(zf *zoneFile, id string) error {
	i, err := find(zf, id)
	if err != nil {
		return err
	}
	if zf.records[i].Type == driver.SOA {
		return errs.Errorf(errs.InvalidArgument, "", id, "the SOA cannot be deleted")
	}
	zf.records = slices.Delete(zf.records, i, i+1)
	return nil
}

// withTTL gives a spec without a TTL the zone's: a zone file stores every
// record's TTL, and the driver returns what it stored.
func withTTL(s driver.RecordSpec, z driver.Zone) driver.RecordSpec {
	if s.TTL == 0 {
		s.TTL = zonefmt.ZoneTTL(z)
	}
	return s
}
