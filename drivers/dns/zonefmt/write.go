package zonefmt

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
)

// DefaultTTL is the TTL used where neither a record nor its zone has one.
const DefaultTTL = 3600

// ZoneTTL is the zone's default TTL, or DefaultTTL.
func ZoneTTL(z driver.Zone) int {
	if z.TTL > 0 {
		return z.TTL
	}
	return DefaultTTL
}

// EffectiveTTL is a record's TTL, or its zone's where it has none.
func EffectiveTTL(r driver.Record, z driver.Zone) int {
	if r.TTL > 0 {
		return r.TTL
	}
	return ZoneTTL(z)
}

// Write renders a zone file: $ORIGIN and $TTL, then the records in Sort
// order (so the SOA comes first), each with an explicit TTL, names
// relative to the origin ("@" for the apex) and columns aligned. The
// records must be canonical (as Parse and Canonicalize return them).
func Write(z driver.Zone, records []driver.Record) string {
	rs := slices.Clone(records)
	Sort(rs)
	var b strings.Builder
	fmt.Fprintf(&b, "$ORIGIN %s.\n$TTL %d\n", z.Domain, ZoneTTL(z))
	tw := tabwriter.NewWriter(&b, 0, 8, 1, ' ', 0)
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%d\tIN\t%s\t%s\n", ownerName(r.Name), EffectiveTTL(r, z), r.Type, rdata(r))
	}
	_ = tw.Flush()
	return b.String()
}

// Line is one record as a zone-file line, without alignment (for plans
// and messages).
func Line(r driver.Record, z driver.Zone) string {
	return fmt.Sprintf("%s %d IN %s %s", ownerName(r.Name), EffectiveTTL(r, z), r.Type, rdata(r))
}

func ownerName(name string) string {
	if name == "" {
		return "@"
	}
	return name
}

// rdata puts the priority back in front of MX and SRV data.
func rdata(r driver.Record) string {
	if r.Type.HasPriority() {
		return fmt.Sprintf("%d %s", r.Priority, r.Data)
	}
	return r.Data
}
