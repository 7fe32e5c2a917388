package zonefmt

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
)

// Sort orders records as a zone file lists them: the apex first, then
// names in DNS canonical order (a parent before its children, siblings
// alphabetically), within a name the SOA, then NS, then other types
// alphabetically, then by priority and data. The order is total, so
// sorting is stable whatever order the provider returned.
func Sort(records []driver.Record) {
	slices.SortStableFunc(records, Compare)
}

// Compare is the order of Sort.
func Compare(a, b driver.Record) int {
	if c := compareNames(a.Name, b.Name); c != 0 {
		return c
	}
	if c := cmp.Compare(typeRank(a.Type), typeRank(b.Type)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Data, b.Data); c != 0 {
		return c
	}
	if c := cmp.Compare(a.TTL, b.TTL); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// compareNames compares relative names label by label from the right.
func compareNames(a, b string) int {
	la, lb := labels(a), labels(b)
	for i := 0; i < len(la) && i < len(lb); i++ {
		if c := cmp.Compare(la[len(la)-1-i], lb[len(lb)-1-i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(la), len(lb))
}

func labels(name string) []string {
	if name == "" {
		return nil
	}
	return strings.Split(strings.ToLower(name), ".")
}

func typeRank(t driver.RecordType) int {
	switch t {
	case driver.SOA:
		return 0
	case driver.NS:
		return 1
	}
	return 2
}

// Key is a record's identity: name, type, priority and data. Two records
// with one key are duplicates; TTL and ID are not part of it.
func Key(r driver.Record) string {
	return r.Name + "\x00" + string(r.Type) + "\x00" + strconv.Itoa(r.Priority) + "\x00" + r.Data
}

// rrsetKey groups the records of one RRset.
func rrsetKey(r driver.Record) string { return r.Name + "\x00" + string(r.Type) }
