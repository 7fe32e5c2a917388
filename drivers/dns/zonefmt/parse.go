package zonefmt

import (
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/miekg/dns"
)

// Parse reads a zone file for zone z. Relative names are relative to the
// zone (a $ORIGIN in the text may change that, as in BIND); records
// without a TTL get the $TTL in force, else the zone's TTL. Every record
// comes back canonical with an explicit TTL and no ID; an exact duplicate
// of an earlier record is dropped, as name servers do.
//
// Text that does not parse is errs.InvalidArgument naming the line, as is
// a record outside the zone, of another class than IN, of a type the API
// does not know, a second SOA or an SOA below the apex. $INCLUDE is
// refused.
func Parse(z driver.Zone, text string) ([]driver.Record, error) {
	const op = "zonefmt.Parse"
	zp := dns.NewZoneParser(strings.NewReader(text), z.Domain+".", "")
	zp.SetDefaultTTL(uint32(ZoneTTL(z)))
	var out []driver.Record
	seen := map[string]bool{}
	soa := false
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		rec, err := recordFromRR(rr, z.Domain)
		if err != nil {
			return nil, errs.Wrap(err, op, z.Domain)
		}
		if err := checkStable(z.Domain, rec); err != nil {
			return nil, errs.Wrap(err, op, z.Domain)
		}
		if rec.TTL > MaxTTL {
			return nil, errs.Errorf(errs.InvalidArgument, op, z.Domain, "%s: TTL over %d", rr.Header().Name, MaxTTL)
		}
		if rec.Type == driver.SOA {
			if soa || rec.Name != "" {
				return nil, errs.Errorf(errs.InvalidArgument, op, z.Domain, "%s: a zone has one SOA, at its apex", Line(rec, z))
			}
			soa = true
		}
		if k := Key(rec); !seen[k] {
			seen[k] = true
			out = append(out, rec)
		}
	}
	if err := zp.Err(); err != nil {
		return nil, errs.E(errs.InvalidArgument, op, z.Domain, err)
	}
	return out, nil
}
