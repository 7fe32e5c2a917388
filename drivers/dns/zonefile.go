package dns

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Export renders a zone as a BIND zone file (the mount's records file):
// $ORIGIN, $TTL, the SOA, then every record in a stable order with an
// explicit TTL. A provider that lists no SOA gets a placeholder one (serial
// 1), which Import ignores. Import of the exported text makes no change.
func (a *Account) Export(ctx context.Context, zoneID string) (string, error) {
	const op = "dns.Export"
	z, recs, err := a.zoneAndRecords(ctx, op, zoneID)
	if err != nil {
		return "", err
	}
	hasSOA, ns := false, ""
	for _, r := range recs {
		hasSOA = hasSOA || r.Type == driver.SOA
		if ns == "" && r.Name == "" && r.Type == driver.NS {
			ns = r.Data
		}
	}
	if !hasSOA {
		recs = append(recs, placeholderSOA(z, ns))
	}
	return zonefmt.Write(*z, recs), nil
}

func placeholderSOA(z *Zone, ns string) Record {
	if ns == "" {
		ns = "ns1." + z.Domain + "."
	}
	return Record{Type: driver.SOA, TTL: zonefmt.ZoneTTL(*z),
		Data: fmt.Sprintf("%s hostmaster.%s. 1 3600 900 1209600 %d", ns, z.Domain, min(zonefmt.ZoneTTL(*z), 86400))}
}

// Diff parses a zone file and returns the plan that would make the zone
// match it, without changing anything. The rules are zonefmt.Diff's; apex
// NS records are managed unless the provider owns them.
func (a *Account) Diff(ctx context.Context, zoneID, text string) (*Plan, error) {
	const op = "dns.Diff"
	z, current, err := a.zoneAndRecords(ctx, op, zoneID)
	if err != nil {
		return nil, err
	}
	desired, err := zonefmt.Parse(*z, text)
	if err != nil {
		return nil, errs.Wrap(err, op, z.Domain)
	}
	if err := zonefmt.Validate(z.Domain, desired); err != nil {
		return nil, errs.E(errs.InvalidArgument, op, z.Domain, err)
	}
	for _, r := range desired {
		if err := a.checkType(ctx, op, z.Domain, r.Type); err != nil {
			return nil, err
		}
	}
	opts := zonefmt.DiffOptions{ManageApexNS: !a.caps.ProviderOwnsApexNS}
	return zonefmt.Diff(*z, current, desired, opts), nil
}

// Import makes a zone match a zone file: it computes the plan (see Diff)
// and, unless dryRun, applies it. The plan is returned either way; print
// it with its String method. A file that does not parse, or holds a
// record the provider would refuse, is errs.InvalidArgument and changes
// nothing.
func (a *Account) Import(ctx context.Context, zoneID, text string, dryRun bool) (*Plan, error) {
	const op = "dns.Import"
	p, err := a.Diff(ctx, zoneID, text)
	if err != nil {
		return nil, errs.Wrap(err, op, zoneID)
	}
	if dryRun || p.Empty() {
		return p, nil
	}
	return p, errs.Wrap(a.Apply(ctx, zoneID, p), op, zoneID)
}

// Apply carries out a plan: in one step where the driver can
// (Features().AtomicImport), else deletes, then updates, then creates, one
// call each, stopping at the first error.
func (a *Account) Apply(ctx context.Context, zoneID string, p *Plan) error {
	const op = "dns.Apply"
	if err := a.checkID(op, "zone", zoneID); err != nil {
		return err
	}
	if a.applier != nil {
		return errs.Wrap(a.applier.ApplyChanges(ctx, zoneID, p.Changes()), op, zoneID)
	}
	done, total := 0, p.Len()
	fail := func(line string, err error) error {
		return errs.Wrap(fmt.Errorf("after %d of %d changes, %s: %w", done, total, strings.TrimSpace(line), err), op, zoneID)
	}
	for _, r := range p.Deletes {
		if err := a.d.DeleteRecord(ctx, zoneID, r.ID); err != nil {
			return fail("- "+zonefmt.Line(r, p.Zone), err)
		}
		done++
	}
	for _, u := range p.Updates {
		spec := zonefmt.SpecOf(u.New)
		if _, err := a.d.UpdateRecord(ctx, zoneID, u.Old.ID, &spec); err != nil {
			return fail("~ "+zonefmt.Line(u.New, p.Zone), err)
		}
		done++
	}
	for _, r := range p.Creates {
		spec := zonefmt.SpecOf(r)
		if _, err := a.d.CreateRecord(ctx, zoneID, &spec); err != nil {
			return fail("+ "+zonefmt.Line(r, p.Zone), err)
		}
		done++
	}
	return nil
}

func (a *Account) zoneAndRecords(ctx context.Context, op, zoneID string) (*Zone, []Record, error) {
	z, err := a.GetZone(ctx, zoneID)
	if err != nil {
		return nil, nil, errs.Wrap(err, op, zoneID)
	}
	recs, err := a.ListRecords(ctx, zoneID)
	if err != nil {
		return nil, nil, errs.Wrap(err, op, zoneID)
	}
	return z, recs, nil
}
