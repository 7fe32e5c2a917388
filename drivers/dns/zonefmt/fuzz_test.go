package zonefmt

import (
	"testing"
)

// FuzzImportZone parses arbitrary text as a zone file and diffs it against
// a fixed zone. It must never panic, and whatever parses must survive a
// write and a re-parse with no changes (the round-trip rule).
func FuzzImportZone(f *testing.F) {
	f.Add(sample)
	f.Add("www 300 IN A 192.0.2.1\n")
	f.Add("@ IN SOA a. b. 1 2 3 4 5\n@ IN NS ns1\n")
	f.Add(`x IN TXT "a\"b" "c\\d" e` + "\n")
	f.Add("$TTL 60\n$ORIGIN sub.example.com.\n* IN MX 0 .\n")
	f.Add("lb IN ALIAS target\n")
	current, err := Parse(zone, sample)
	if err != nil {
		f.Fatal(err)
	}
	current = withIDs(current)
	f.Fuzz(func(t *testing.T, text string) {
		recs, err := Parse(zone, text)
		if err != nil {
			return
		}
		_ = Diff(zone, current, recs, DiffOptions{ManageApexNS: true}).String()
		out := Write(zone, recs)
		again, err := Parse(zone, out)
		if err != nil {
			t.Fatalf("written zone does not parse: %v\n%s", err, out)
		}
		if p := Diff(zone, withIDs(recs), again, DiffOptions{ManageApexNS: true}); !p.Empty() {
			t.Fatalf("round trip changes:\n%s\nfrom:\n%s", p, out)
		}
	})
}
