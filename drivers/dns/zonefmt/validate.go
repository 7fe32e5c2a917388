package zonefmt

import (
	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Validate checks the rules every name server enforces on a zone's
// records, for drivers that store records themselves: no duplicates
// (errs.AlreadyExists), at most one SOA and only at the apex, no CNAME at
// the apex, and a CNAME alone at its name (errs.InvalidArgument). The
// records must be canonical.
func Validate(domain string, records []driver.Record) error {
	const op = "zonefmt.Validate"
	seen := map[string]bool{}
	types := map[string]map[driver.RecordType]int{}
	for _, r := range records {
		k := Key(r)
		if seen[k] {
			return errs.Errorf(errs.AlreadyExists, op, Absolute(r.Name, domain), "duplicate %s record %s", r.Type, r.Data)
		}
		seen[k] = true
		if types[r.Name] == nil {
			types[r.Name] = map[driver.RecordType]int{}
		}
		types[r.Name][r.Type]++
	}
	for name, ts := range types {
		at := Absolute(name, domain)
		if ts[driver.SOA] > 0 && (name != "" || ts[driver.SOA] > 1) {
			return errs.Errorf(errs.InvalidArgument, op, at, "a zone has one SOA, at its apex")
		}
		if n := ts[driver.CNAME]; n > 0 {
			if name == "" {
				return errs.Errorf(errs.InvalidArgument, op, at, "no CNAME at the zone apex (use ALIAS)")
			}
			if n > 1 || len(ts) > 1 {
				return errs.Errorf(errs.InvalidArgument, op, at, "a CNAME cannot share its name with other records")
			}
		}
	}
	return nil
}
