package drivertest

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkRoundTrip exports a zone and imports the text unchanged: zero
// changes, and a second export is identical.
func (s *suite) checkRoundTrip(t *testing.T, a *dns.Account, zoneID string) string {
	t.Helper()
	ctx := context.Background()
	text, err := a.Export(ctx, zoneID)
	require.NoError(t, err)
	p, err := a.Import(ctx, zoneID, text, false)
	require.NoError(t, err)
	assert.True(t, p.Empty(), "export then import changed:\n%s\nzone:\n%s", p, text)
	again, err := a.Export(ctx, zoneID)
	require.NoError(t, err)
	assert.Equal(t, text, again)
	return text
}

// fillZone makes the suite's zone: every shape of record the suite
// covers, in the types the provider supports.
func (s *suite) fillZone(t *testing.T, a *dns.Account, z *dns.Zone) {
	t.Helper()
	have, err := a.RecordTypes(context.Background())
	require.NoError(t, err)
	ok := map[dns.RecordType]bool{}
	for _, h := range have {
		ok[h] = true
	}
	specs := []dns.RecordSpec{
		{Type: "A", Data: "192.0.2.1", TTL: 300},
		{Type: "A", Data: "192.0.2.2", TTL: 300},
		{Type: "AAAA", Data: "2001:db8::1", TTL: 300},
		{Type: "MX", Data: "mail", Priority: 10},
		{Type: "MX", Data: "backup.example.net.", Priority: 20},
		{Type: "TXT", Data: "v=spf1 mx -all"},
		{Type: "TXT", Data: strings.Repeat("k", 300)},
		{Type: "CAA", Data: `0 issue "letsencrypt.org"`},
		{Name: "www", Type: "CNAME", Data: "@"},
		{Name: "mail", Type: "A", Data: "192.0.2.25"},
		{Name: "*.dev", Type: "A", Data: "192.0.2.80"},
		{Name: "_sip._tcp", Type: "SRV", Data: "60 5060 sip.example.net.", Priority: 10},
		{Name: "txt", Type: "TXT", Data: `with "quotes" and  spaces`},
		{Name: "txt", Type: "TXT", Data: `"a" "b"`},
		{Name: "sub", Type: "NS", Data: "ns1.example.net."},
		{Name: "host", Type: "SSHFP", Data: "4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		{Name: "_443._tcp.www", Type: "TLSA", Data: "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		{Name: "lb", Type: "ALIAS", Data: "lb.example.net."},
		{Name: "ptr", Type: "PTR", Data: "host.example.net."},
	}
	n := 0
	for _, sp := range specs {
		if ok[sp.Type] {
			create(t, a, z.ID, sp)
			n++
		}
	}
	require.Greater(t, n, 5, "the provider supports too few types to test")
}

func (s *suite) testRoundTrip(t *testing.T) {
	a := s.account(t)
	z := s.zone(t, a)
	s.fillZone(t, a, z)
	text := s.checkRoundTrip(t, a, z.ID)
	lines := strings.Split(text, "\n")
	assert.Equal(t, "$ORIGIN "+z.Domain+".", lines[0])
	assert.Regexp(t, `^\$TTL \d+$`, lines[1])
	assert.Regexp(t, `^@\s+\d+\s+IN\s+SOA\s`, lines[2], "SOA first")

	// Another driver instance's zone takes the text too (a migration).
	b := s.account(t)
	z2, err := b.CreateZone(context.Background(), dns.ZoneSpec{Domain: z.Domain, TTL: z.TTL})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.DeleteZone(context.Background(), z2.ID, &dns.DeleteZoneOptions{Recursive: true}) })
	p, err := b.Import(context.Background(), z2.ID, text, false)
	require.NoError(t, err)
	assert.Positive(t, len(p.Creates))
	assert.Equal(t, keys(records(t, a, z.ID)), keys(records(t, b, z2.ID)), "the copy has the same records")
}

func (s *suite) testImportChanges(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	create(t, a, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1", TTL: 300})
	create(t, a, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.2", TTL: 300})
	create(t, a, z.ID, dns.RecordSpec{Name: "old", Type: "TXT", Data: "bye", TTL: 300})
	keep := create(t, a, z.ID, dns.RecordSpec{Name: "keep", Type: "A", Data: "192.0.2.9", TTL: 300})
	text, err := a.Export(ctx, z.ID)
	require.NoError(t, err)

	edited := regexp.MustCompile(`(?m)^old .*\n`).ReplaceAllString(text, "")
	edited = strings.Replace(edited, "192.0.2.2", "192.0.2.3", 1)
	edited += "new 600 IN TXT \"hello world\"\n"

	before := records(t, a, z.ID)
	p, err := a.Import(ctx, z.ID, edited, true)
	require.NoError(t, err)
	assert.Equal(t, before, records(t, a, z.ID), "a dry run changes nothing")
	assert.Equal(t, `+ new 600 IN TXT "hello world"
- old 300 IN TXT "bye"
~ www 300 IN A 192.0.2.2 -> www 300 IN A 192.0.2.3
Plan: 1 to add, 1 to change, 1 to destroy.
`, p.String())

	p, err = a.Import(ctx, z.ID, edited, false)
	require.NoError(t, err)
	assert.Equal(t, 3, p.Len())
	rs := records(t, a, z.ID)
	assert.ElementsMatch(t, []string{"192.0.2.1", "192.0.2.3"}, datas(find(rs, "www", "A")))
	assert.Empty(t, find(rs, "old", "TXT"))
	assert.Equal(t, []string{`"hello world"`}, datas(find(rs, "new", "TXT")))
	got, err := a.GetRecord(ctx, z.ID, keep.ID)
	require.NoError(t, err, "an unchanged record keeps its ID")
	assert.Equal(t, keep.Data, got.Data)
	s.checkRoundTrip(t, a, z.ID)

	// The same import again is a no-op.
	p, err = a.Import(ctx, z.ID, edited, false)
	require.NoError(t, err)
	assert.True(t, p.Empty(), "%s", p)
}

func (s *suite) testImportRejects(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	create(t, a, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	before := records(t, a, z.ID)
	for what, tc := range map[string]struct{ text, want string }{
		"bad A":          {"ok 300 IN A 192.0.2.5\nbad 300 IN A 300.1.1.1\n", "line: 2"},
		"garbage":        {"this is not a zone file\n", "line: 1"},
		"out of zone":    {"x.other.example. 300 IN A 192.0.2.1\n", "outside"},
		"CNAME conflict": {"www 300 IN A 192.0.2.1\nwww 300 IN CNAME x.example.net.\n", "CNAME"},
	} {
		_, err := a.Import(ctx, z.ID, tc.text, false)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, what)
		assert.ErrorContains(t, err, tc.want, what)
	}
	assert.Equal(t, before, records(t, a, z.ID), "a rejected import changes nothing")
	_, err := a.Import(ctx, "no-such-zone", "", false)
	assert.ErrorIs(t, err, errs.ErrNotFound)
}

func (s *suite) testSOASerial(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	create(t, a, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	text, err := a.Export(ctx, z.ID)
	require.NoError(t, err)
	soa := regexp.MustCompile(`(?m)^(@\s+\d+\s+IN\s+SOA\s+\S+\s+\S+\s+)(\d+)`)
	require.Regexp(t, soa, text)
	bumped := soa.ReplaceAllString(text, "${1}4000000000")
	p, err := a.Import(ctx, z.ID, bumped, false)
	require.NoError(t, err)
	assert.True(t, p.Empty(), "a serial change alone is no change:\n%s", p)
	noSOA := soa.ReplaceAllString(text, "; no SOA")
	noSOA = regexp.MustCompile(`(?m)^; no SOA.*\n`).ReplaceAllString(noSOA, "")
	p, err = a.Import(ctx, z.ID, noSOA, false)
	require.NoError(t, err)
	assert.True(t, p.Empty(), "a file without an SOA leaves it alone:\n%s", p)
}
