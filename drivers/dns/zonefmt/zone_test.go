package zonefmt

import (
	"strings"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var zone = driver.Zone{ID: "z1", Domain: "example.com", Type: driver.ZoneMaster, TTL: 3600}

const sample = `$ORIGIN example.com.
$TTL 3600
@        IN SOA ns1 hostmaster 2024010101 3600 900 1209600 300
@        IN NS  ns1
@        IN NS  ns2.example.net.
@    300 IN A   192.0.2.1
@    300 IN A   192.0.2.2
@        IN MX  10 mail
@        IN MX  20 mail2.example.net.
@        IN TXT "v=spf1 mx -all"
@        IN TXT "google-site-verification=abc" ; a comment
@        IN CAA 0 issue "letsencrypt.org"
www      IN CNAME @
*.dev    IN A   192.0.2.10
_sip._tcp IN SRV 10 60 5060 sip
sip      IN AAAA 2001:db8::5
long     IN TXT ( "first part with spaces"
                  "second \"quoted\" part" )
lb       IN ALIAS lb.provider.net.
ssh      IN SSHFP 4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
`

func TestParseSample(t *testing.T) {
	recs, err := Parse(zone, sample)
	require.NoError(t, err)
	require.Len(t, recs, 17)
	byLine := map[string]bool{}
	for _, r := range recs {
		byLine[Line(r, zone)] = true
	}
	for _, want := range []string{
		"@ 3600 IN SOA ns1.example.com. hostmaster.example.com. 2024010101 3600 900 1209600 300",
		"@ 300 IN A 192.0.2.1",
		"@ 3600 IN MX 10 mail.example.com.",
		"www 3600 IN CNAME example.com.",
		"*.dev 3600 IN A 192.0.2.10",
		"_sip._tcp 3600 IN SRV 10 60 5060 sip.example.com.",
		`long 3600 IN TXT "first part with spaces" "second \"quoted\" part"`,
		"lb 3600 IN ALIAS lb.provider.net.",
	} {
		assert.True(t, byLine[want], "missing %q", want)
	}
}

func TestRoundTrip(t *testing.T) {
	recs, err := Parse(zone, sample)
	require.NoError(t, err)
	text := Write(zone, recs)
	assert.True(t, strings.HasPrefix(text, "$ORIGIN example.com.\n$TTL 3600\n@ "), text)
	assert.Contains(t, strings.SplitN(text, "\n", 4)[2], "SOA", "SOA comes first")
	again, err := Parse(zone, text)
	require.NoError(t, err)
	assert.Equal(t, text, Write(zone, again), "write is a fixed point")
	for _, manage := range []bool{false, true} {
		p := Diff(zone, withIDs(recs), again, DiffOptions{ManageApexNS: manage})
		assert.True(t, p.Empty(), "round trip changes:\n%s", p)
	}
}

func withIDs(rs []driver.Record) []driver.Record {
	out := make([]driver.Record, len(rs))
	for i, r := range rs {
		r.ID = "id-" + Key(r)
		out[i] = r
	}
	return out
}

func TestParseErrorsNameTheLine(t *testing.T) {
	for what, tc := range map[string]struct {
		text, want string
	}{
		"bad A":        {"www 300 IN A 192.0.2.1\nbad 300 IN A 999.1.1.1\n", "line: 2"},
		"unknown type": {"\n\nx 300 IN BOGUS foo\n", "line: 3"},
		"out of zone":  {"www.other.org. 300 IN A 192.0.2.1\n", "outside the zone"},
		"two SOAs":     {"@ IN SOA a. b. 1 2 3 4 5\n@ IN SOA a. b. 2 2 3 4 5\n", "one SOA"},
		"include":      {"$INCLUDE /etc/passwd\n", "line: 1"},
		"class":        {"www 300 CH A 192.0.2.1\n", "only IN"},
	} {
		_, err := Parse(zone, tc.text)
		require.Error(t, err, what)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, what)
		assert.ErrorContains(t, err, tc.want, what)
	}
}

func rec(id, name string, typ driver.RecordType, ttl int, data string) driver.Record {
	return driver.Record{ID: id, Name: name, Type: typ, TTL: ttl, Data: data}
}

func TestDiff(t *testing.T) {
	soa := rec("soa", "", "SOA", 3600, "ns1.example.com. hostmaster.example.com. 5 3600 900 1209600 300")
	ns := rec("ns", "", "NS", 3600, "ns1.example.com.")
	a1 := rec("a1", "www", "A", 300, "192.0.2.1")
	a2 := rec("a2", "www", "A", 300, "192.0.2.2")
	t1 := rec("t1", "", "TXT", 300, `"one"`)
	t2 := rec("t2", "", "TXT", 300, `"two"`)
	cname := rec("c", "ftp", "CNAME", 300, "www.example.com.")
	current := []driver.Record{soa, ns, a1, a2, t1, t2, cname}
	strip := func(rs ...driver.Record) []driver.Record {
		out := make([]driver.Record, len(rs))
		for i, r := range rs {
			r.ID = ""
			out[i] = r
		}
		return out
	}
	with := func(r driver.Record, f func(*driver.Record)) driver.Record { f(&r); return r }

	for _, tc := range []struct {
		name    string
		desired []driver.Record
		opts    DiffOptions
		want    string
	}{
		{"unchanged", strip(current...), DiffOptions{}, "No changes.\n"},
		{"serial only", strip(with(soa, func(r *driver.Record) {
			r.Data = "ns1.example.com. hostmaster.example.com. 99 3600 900 1209600 300"
		}), ns, a1, a2, t1, t2, cname), DiffOptions{}, "No changes.\n"},
		{"no SOA in file leaves it", strip(ns, a1, a2, t1, t2, cname), DiffOptions{}, "No changes.\n"},
		{"SOA refresh", strip(with(soa, func(r *driver.Record) {
			r.Data = "ns1.example.com. hostmaster.example.com. 99 7200 900 1209600 300"
		}), ns, a1, a2, t1, t2, cname), DiffOptions{},
			"~ @ 3600 IN SOA ns1.example.com. hostmaster.example.com. 5 3600 900 1209600 300 -> @ 3600 IN SOA ns1.example.com. hostmaster.example.com. 5 7200 900 1209600 300\nPlan: 0 to add, 1 to change, 0 to destroy.\n"},
		{"one of two A values", strip(soa, ns, a1, with(a2, func(r *driver.Record) { r.Data = "192.0.2.3" }), t1, t2, cname), DiffOptions{},
			"~ www 300 IN A 192.0.2.2 -> www 300 IN A 192.0.2.3\nPlan: 0 to add, 1 to change, 0 to destroy.\n"},
		{"add a TXT value", strip(soa, ns, a1, a2, t1, t2, rec("", "", "TXT", 300, `"three"`), cname), DiffOptions{},
			"+ @ 300 IN TXT \"three\"\nPlan: 1 to add, 0 to change, 0 to destroy.\n"},
		{"drop a TXT value", strip(soa, ns, a1, a2, t2, cname), DiffOptions{},
			"- @ 300 IN TXT \"one\"\nPlan: 0 to add, 0 to change, 1 to destroy.\n"},
		{"TTL change", strip(soa, ns, with(a1, func(r *driver.Record) { r.TTL = 60 }), a2, t1, t2, cname), DiffOptions{},
			"~ www 300 IN A 192.0.2.1 -> www 60 IN A 192.0.2.1\nPlan: 0 to add, 1 to change, 0 to destroy.\n"},
		{"apex NS left alone", strip(soa, a1, a2, t1, t2, cname), DiffOptions{}, "No changes.\n"},
		{"apex NS managed", strip(soa, a1, a2, t1, t2, cname), DiffOptions{ManageApexNS: true},
			"- @ 3600 IN NS ns1.example.com.\nPlan: 0 to add, 0 to change, 1 to destroy.\n"},
		{"replace A by CNAME", strip(soa, ns, t1, t2, cname, rec("", "www", "CNAME", 300, "lb.example.net.")), DiffOptions{},
			"- www 300 IN A 192.0.2.1\n- www 300 IN A 192.0.2.2\n+ www 300 IN CNAME lb.example.net.\nPlan: 1 to add, 0 to change, 2 to destroy.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Diff(zone, current, tc.desired, tc.opts)
			assert.Equal(t, tc.want, p.String())
			for _, u := range p.Updates {
				assert.NotEmpty(t, u.New.ID, "an update keeps the record's ID")
			}
			for _, d := range p.Deletes {
				assert.NotEmpty(t, d.ID)
			}
		})
	}
}

func TestDiffZeroTTLIsZoneTTL(t *testing.T) {
	cur := []driver.Record{rec("a", "www", "A", 0, "192.0.2.1")}
	des := []driver.Record{rec("", "www", "A", 3600, "192.0.2.1")}
	assert.True(t, Diff(zone, cur, des, DiffOptions{}).Empty())
}

func TestDiffCanonicalisesProviderData(t *testing.T) {
	cur := []driver.Record{rec("a", "WWW", "AAAA", 300, "2001:DB8:0:0::1"), rec("t", "", "TXT", 300, "unquoted text")}
	des := []driver.Record{rec("", "www", "AAAA", 300, "2001:db8::1"), rec("", "", "TXT", 300, `"unquoted text"`)}
	assert.Equal(t, "No changes.\n", Diff(zone, cur, des, DiffOptions{}).String())
}

func TestValidate(t *testing.T) {
	ok := []driver.Record{rec("", "www", "A", 0, "192.0.2.1"), rec("", "www", "A", 0, "192.0.2.2"), rec("", "ftp", "CNAME", 0, "www.example.com.")}
	require.NoError(t, Validate("example.com", ok))
	for what, tc := range map[string]struct {
		recs []driver.Record
		kind errs.Kind
	}{
		"duplicate":     {append(ok, rec("", "www", "A", 60, "192.0.2.1")), errs.AlreadyExists},
		"CNAME and A":   {append(ok, rec("", "ftp", "A", 0, "192.0.2.1")), errs.InvalidArgument},
		"apex CNAME":    {append(ok, rec("", "", "CNAME", 0, "x.example.net.")), errs.InvalidArgument},
		"two CNAMEs":    {append(ok, rec("", "ftp", "CNAME", 0, "y.example.net.")), errs.InvalidArgument},
		"SOA below top": {append(ok, rec("", "sub", "SOA", 0, "a. b. 1 2 3 4 5")), errs.InvalidArgument},
	} {
		assert.Equal(t, tc.kind, errs.KindOf(Validate("example.com", tc.recs)), what)
	}
}

func TestSortIsCanonical(t *testing.T) {
	rs := []driver.Record{
		rec("", "b.a", "A", 0, "192.0.2.1"), rec("", "a", "A", 0, "192.0.2.1"), rec("", "", "A", 0, "192.0.2.1"),
		rec("", "", "NS", 0, "ns."), rec("", "", "SOA", 0, "a. b. 1 2 3 4 5"), rec("", "b", "A", 0, "192.0.2.1"),
		rec("", "*.a", "A", 0, "192.0.2.1"),
	}
	Sort(rs)
	var got []string
	for _, r := range rs {
		got = append(got, ownerName(r.Name)+"/"+string(r.Type))
	}
	assert.Equal(t, []string{"@/SOA", "@/NS", "@/A", "a/A", "*.a/A", "b.a/A", "b/A"}, got)
}
