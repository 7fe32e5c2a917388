package zonefmt

import (
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
)

// DiffOptions tunes Diff.
type DiffOptions struct {
	// ManageApexNS includes the apex NS records in the plan. Leave it off
	// for providers that own them (driver.Capabilities.ProviderOwnsApexNS).
	ManageApexNS bool
}

// Diff works out the plan that turns the current records into the
// desired ones (usually a parsed zone file):
//
//   - Records are grouped into RRsets by name and type. Within an RRset a
//     current and a desired record with the same priority and data are the
//     same record: no change, or an update if only the TTL differs.
//   - The values left over in an RRset are paired in sorted order as
//     updates (a changed value keeps its record), and the rest are creates
//     or deletes. Unchanged values never produce a change.
//   - TTLs are compared as effective TTLs (0 means the zone's TTL).
//   - The SOA is never created or deleted. If both sides have one and they
//     differ in anything but the serial, the plan updates it, keeping the
//     provider's serial.
//   - Apex NS records are left out unless opts.ManageApexNS.
//
// Current records are canonicalised first, so a provider that prints data
// its own way does not cause spurious changes. Updates keep the current
// record's ID and Extra.
func Diff(z driver.Zone, current, desired []driver.Record, opts DiffOptions) *Plan {
	p := &Plan{Zone: z}
	cur := groupRRsets(z, canonicalAll(z, current), opts)
	des := groupRRsets(z, desired, opts)
	keys := map[string]bool{}
	for k := range cur {
		keys[k] = true
	}
	for k := range des {
		keys[k] = true
	}
	for k := range keys {
		if strings.HasSuffix(k, "\x00SOA") {
			p.diffSOA(cur[k], des[k])
			continue
		}
		p.diffRRset(cur[k], des[k])
	}
	p.sort()
	return p
}

// canonicalAll canonicalises records, keeping any it cannot parse as they
// are (they then differ from every desired record and are replaced).
func canonicalAll(z driver.Zone, rs []driver.Record) []driver.Record {
	out := make([]driver.Record, len(rs))
	for i, r := range rs {
		out[i] = r
		c, err := Canonicalize(z.Domain, specOf(r))
		if err == nil {
			out[i].Name, out[i].Type, out[i].Data, out[i].Priority = c.Name, c.Type, c.Data, c.Priority
		}
	}
	return out
}

func groupRRsets(z driver.Zone, rs []driver.Record, opts DiffOptions) map[string][]driver.Record {
	m := map[string][]driver.Record{}
	for _, r := range rs {
		if r.Name == "" && r.Type == driver.NS && !opts.ManageApexNS {
			continue
		}
		r.TTL = EffectiveTTL(r, z)
		m[rrsetKey(r)] = append(m[rrsetKey(r)], r)
	}
	return m
}

func (p *Plan) diffRRset(cur, des []driver.Record) {
	var oldLeft, newLeft []driver.Record
	byKey := map[string]driver.Record{}
	for _, c := range cur {
		byKey[Key(c)] = c
	}
	matched := map[string]bool{}
	for _, d := range des {
		c, ok := byKey[Key(d)]
		if !ok || matched[Key(d)] {
			newLeft = append(newLeft, d)
			continue
		}
		matched[Key(d)] = true
		if c.TTL != d.TTL {
			p.Updates = append(p.Updates, update(c, d))
		}
	}
	for _, c := range cur {
		if !matched[Key(c)] {
			oldLeft = append(oldLeft, c)
		}
	}
	slices.SortFunc(oldLeft, Compare)
	slices.SortFunc(newLeft, Compare)
	n := min(len(oldLeft), len(newLeft))
	for i := range n {
		p.Updates = append(p.Updates, update(oldLeft[i], newLeft[i]))
	}
	p.Deletes = append(p.Deletes, oldLeft[n:]...)
	p.Creates = append(p.Creates, newLeft[n:]...)
}

func (p *Plan) diffSOA(cur, des []driver.Record) {
	if len(cur) == 0 || len(des) == 0 {
		return
	}
	c, d := cur[0], des[0]
	cf, df := strings.Fields(c.Data), strings.Fields(d.Data)
	if len(cf) != 7 || len(df) != 7 {
		return
	}
	df[2] = cf[2] // the provider owns the serial
	d.Data = strings.Join(df, " ")
	if d.Data != c.Data || d.TTL != c.TTL {
		p.Updates = append(p.Updates, update(c, d))
	}
}

// update makes an Update that keeps the old record's ID and Extra.
func update(old, new driver.Record) Update {
	new.ID, new.Extra = old.ID, old.Extra
	return Update{Old: old, New: new}
}

func specOf(r driver.Record) driver.RecordSpec {
	return driver.RecordSpec{Name: r.Name, Type: r.Type, Data: r.Data, TTL: r.TTL, Priority: r.Priority, Extra: r.Extra}
}

// SpecOf is the spec that recreates r.
func SpecOf(r driver.Record) driver.RecordSpec { return specOf(r) }
