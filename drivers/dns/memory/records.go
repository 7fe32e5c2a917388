package memory

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListRecords implements driver.Driver, in zone-file order.
func (d *Driver) ListRecords(ctx context.Context, zoneID string, opts *driver.ListOptions) (*driver.RecordPage, error) {
	const op = "memory.ListRecords"
	d.mu.Lock()
	z, err := d.zone(ctx, op, zoneID)
	if err != nil {
		d.mu.Unlock()
		return nil, err
	}
	all := z.sorted()
	d.mu.Unlock()
	page, next, err := driver.Paginate(op, all, opts, zonefmt.Compare)
	if err != nil {
		return nil, err
	}
	return &driver.RecordPage{Records: page, NextPageToken: next}, nil
}

func (z *zone) sorted() []driver.Record {
	all := make([]driver.Record, 0, len(z.records))
	for _, r := range z.records {
		r.Extra = copyMap(r.Extra)
		all = append(all, r)
	}
	zonefmt.Sort(all)
	return all
}

// GetRecord implements driver.Driver.
func (d *Driver) GetRecord(ctx context.Context, zoneID, id string) (*driver.Record, error) {
	const op = "memory.GetRecord"
	d.mu.Lock()
	defer d.mu.Unlock()
	z, err := d.zone(ctx, op, zoneID)
	if err != nil {
		return nil, err
	}
	r, ok := z.records[id]
	if !ok {
		return nil, errs.E(errs.NotFound, op, zoneID+"/"+id, nil)
	}
	r.Extra = copyMap(r.Extra)
	return &r, nil
}

// CreateRecord implements driver.Driver.
func (d *Driver) CreateRecord(ctx context.Context, zoneID string, spec *driver.RecordSpec) (*driver.Record, error) {
	var out driver.Record
	err := d.change(ctx, "memory.CreateRecord", zoneID, func(z *zone, recs map[string]driver.Record) error {
		r, err := d.create(z, recs, spec)
		out = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateRecord implements driver.Driver. The record keeps its ID.
func (d *Driver) UpdateRecord(ctx context.Context, zoneID, id string, spec *driver.RecordSpec) (*driver.Record, error) {
	var out driver.Record
	err := d.change(ctx, "memory.UpdateRecord", zoneID, func(z *zone, recs map[string]driver.Record) error {
		r, err := update(z, recs, id, spec)
		out = r
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteRecord implements driver.Driver. The SOA cannot be deleted.
func (d *Driver) DeleteRecord(ctx context.Context, zoneID, id string) error {
	return d.change(ctx, "memory.DeleteRecord", zoneID, func(z *zone, recs map[string]driver.Record) error {
		return remove(recs, id)
	})
}

// ApplyChanges implements driver.ChangeApplier: all or nothing.
func (d *Driver) ApplyChanges(ctx context.Context, zoneID string, c *driver.Changes) error {
	return d.change(ctx, "memory.ApplyChanges", zoneID, func(z *zone, recs map[string]driver.Record) error {
		for _, r := range c.Deletes {
			if err := remove(recs, r.ID); err != nil {
				return err
			}
		}
		for _, u := range c.Updates {
			if _, err := update(z, recs, u.ID, &u.Spec); err != nil {
				return err
			}
		}
		for i := range c.Creates {
			if _, err := d.create(z, recs, &c.Creates[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// change runs f on a copy of the zone's records, validates the result and
// commits it with a new serial, or changes nothing if anything failed.
func (d *Driver) change(ctx context.Context, op, zoneID string, f func(*zone, map[string]driver.Record) error) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	z, err := d.zone(ctx, op, zoneID)
	if err != nil {
		return err
	}
	recs := maps.Clone(z.records)
	if err := f(z, recs); err != nil {
		return errs.Wrap(err, op, zoneID)
	}
	if err := zonefmt.Validate(z.z.Domain, slices.Collect(maps.Values(recs))); err != nil {
		return errs.Wrap(err, op, zoneID)
	}
	z.records = recs
	z.bump()
	return nil
}

// canonical checks a spec as the provider's API would.
func canonical(z *zone, spec *driver.RecordSpec) (driver.RecordSpec, error) {
	c, err := zonefmt.Canonicalize(z.z.Domain, *spec)
	if err != nil {
		return c, err
	}
	c.Extra = copyMap(c.Extra)
	return c, nil
}

func (d *Driver) create(z *zone, recs map[string]driver.Record, spec *driver.RecordSpec) (driver.Record, error) {
	c, err := canonical(z, spec)
	if err != nil {
		return driver.Record{}, err
	}
	if c.Type == driver.SOA {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", "", "a zone has one SOA, made with the zone")
	}
	r := driver.Record{ID: d.nextID("rec"), Name: c.Name, Type: c.Type, Data: c.Data, TTL: c.TTL, Priority: c.Priority, Extra: c.Extra}
	recs[r.ID] = r
	return r, nil
}

func update(z *zone, recs map[string]driver.Record, id string, spec *driver.RecordSpec) (driver.Record, error) {
	old, ok := recs[id]
	if !ok {
		return driver.Record{}, errs.E(errs.NotFound, "", id, nil)
	}
	c, err := canonical(z, spec)
	if err != nil {
		return driver.Record{}, err
	}
	if (old.Type == driver.SOA) != (c.Type == driver.SOA) {
		return driver.Record{}, errs.Errorf(errs.InvalidArgument, "", id, "an SOA stays an SOA")
	}
	if old.Type == driver.SOA {
		// The provider owns the serial.
		of, nf := strings.Fields(old.Data), strings.Fields(c.Data)
		nf[2] = of[2]
		c.Data = strings.Join(nf, " ")
	}
	r := driver.Record{ID: id, Name: c.Name, Type: c.Type, Data: c.Data, TTL: c.TTL, Priority: c.Priority, Extra: c.Extra}
	recs[id] = r
	return r, nil
}

func remove(recs map[string]driver.Record, id string) error {
	r, ok := recs[id]
	if !ok {
		return errs.E(errs.NotFound, "", id, nil)
	}
	if r.Type == driver.SOA {
		return errs.Errorf(errs.InvalidArgument, "", id, "the SOA cannot be deleted")
	}
	delete(recs, id)
	return nil
}
