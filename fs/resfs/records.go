package resfs

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// putRecords makes the zone match a zone file: the difference against the
// provider's records is applied as exactly those creates, updates and
// deletes (in one step where the driver can). A file that does not parse,
// or holds a record the provider would refuse, is errs.InvalidArgument and
// changes nothing. With a base, an RRset changed at the provider since
// the base that the write would change too is errs.PreconditionFailed.
func (z *zoneFolder) putRecords(ctx context.Context, base, data []byte) error {
	zn, err := z.zone(ctx)
	if err != nil {
		return err
	}
	plan, err := z.a.Diff(ctx, zn.ID, string(data))
	if err != nil {
		return err
	}
	if base != nil {
		if err := z.checkRecordConflicts(ctx, zn, base, plan); err != nil {
			return err
		}
	}
	if plan.Empty() {
		return nil
	}
	return z.a.Apply(ctx, zn.ID, plan)
}

// checkRecordConflicts compares what changed at the provider since the
// base (the zone file the writer read) with what the write changes.
func (z *zoneFolder) checkRecordConflicts(ctx context.Context, zn *dns.Zone, base []byte, mine *dns.Plan) error {
	then, err := zonefmt.Parse(*zn, string(base))
	if err != nil {
		return nil // not our export: no base to compare with
	}
	now, err := z.a.ListRecords(ctx, zn.ID)
	if err != nil {
		return err
	}
	opts := zonefmt.DiffOptions{ManageApexNS: !z.a.Features().ProviderOwnsApexNS}
	theirs := rrsets(zonefmt.Diff(*zn, then, now, opts))
	var clash []string
	for k := range rrsets(mine) {
		if theirs[k] {
			clash = append(clash, k)
		}
	}
	if len(clash) == 0 {
		return nil
	}
	slices.Sort(clash)
	return errs.Errorf(errs.PreconditionFailed, "write records", zn.Domain,
		"%s changed at the provider since the file was read; read it again and redo the edit", strings.Join(clash, ", "))
}

// rrsets names the RRsets a plan touches: "www A", "@ MX".
func rrsets(p *dns.Plan) map[string]bool {
	out := map[string]bool{}
	add := func(r driver.Record) {
		name := r.Name
		if name == "" {
			name = "@"
		}
		out[name+" "+string(r.Type)] = true
	}
	for _, r := range p.Creates {
		add(r)
	}
	for _, r := range p.Deletes {
		add(r)
	}
	for _, u := range p.Updates {
		add(u.Old)
		add(u.New)
	}
	return out
}

// clearRecords deletes every record but the SOA and the apex NS records.
func (z *zoneFolder) clearRecords(ctx context.Context) error {
	zn, err := z.zone(ctx)
	if err != nil {
		return err
	}
	recs, err := z.a.ListRecords(ctx, zn.ID)
	if err != nil {
		return err
	}
	keep := slices.DeleteFunc(slices.Clone(recs), func(r driver.Record) bool {
		return r.Type != driver.SOA && !(r.Name == "" && r.Type == driver.NS)
	})
	if len(keep) == len(recs) {
		return nil
	}
	_, err = z.a.Import(ctx, zn.ID, zonefmt.Write(*zn, keep), false)
	return err
}

// putZone applies zone.json: type, ttl and extra are changed where they
// differ; id is the provider's and is ignored, so the zone.json of
// another account's copy of the zone is accepted; domain must be the
// folder's.
func (z *zoneFolder) putZone(ctx context.Context, base, data []byte) error {
	const op = "write zone.json"
	var f dns.Zone
	if err := decodeStrict(op, z.domain, data, &f); err != nil {
		return err
	}
	if f.Domain != "" {
		if d, err := zonefmt.NormalizeDomain(f.Domain); err != nil || d != z.domain {
			return invalid(op, z.domain, "domain %q: the folder's zone is %s", f.Domain, z.domain)
		}
	}
	cur, err := z.zone(ctx)
	if err != nil {
		return err
	}
	b := *cur
	if base != nil {
		b = dns.Zone{}
		_ = json.Unmarshal(base, &b)
	}
	c := newChanges(op, z.domain, data)
	var u dns.ZoneUpdate
	if c.settable("type", b.Type == cur.Type, f.Type == cur.Type) {
		u.Type = &f.Type
	}
	if c.settable("ttl", b.TTL == cur.TTL, f.TTL == cur.TTL) {
		u.TTL = &f.TTL
	}
	if c.settable("extra", maps.Equal(b.Extra, cur.Extra), maps.Equal(f.Extra, cur.Extra)) {
		u.Extra = f.Extra
		if u.Extra == nil {
			u.Extra = map[string]string{}
		}
	}
	if err := c.err(); err != nil {
		return err
	}
	if u.Type == nil && u.TTL == nil && u.Extra == nil {
		return nil
	}
	_, err = z.a.UpdateZone(ctx, cur.ID, u)
	return err
}
