package drivertest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (s *suite) testRecords(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	r := create(t, a, z.ID, dns.RecordSpec{Name: "WWW", Type: "a", Data: "192.0.2.1", TTL: 300})
	assert.NotEmpty(t, r.ID)
	assert.Equal(t, dns.Record{ID: r.ID, Name: "www", Type: "A", Data: "192.0.2.1", TTL: 300}, *r)

	got, err := a.GetRecord(ctx, z.ID, r.ID)
	require.NoError(t, err)
	assert.Equal(t, *r, *got)
	assert.Equal(t, []dns.Record{*r}, records(t, a, z.ID))

	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"`+r.ID+`","name":"www","type":"A","data":"192.0.2.1","ttl":300}`, string(b))

	up, err := a.UpdateRecord(ctx, z.ID, r.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.9", TTL: 60})
	require.NoError(t, err)
	assert.Equal(t, "192.0.2.9", up.Data)
	assert.Equal(t, 60, up.TTL)
	got, err = a.GetRecord(ctx, z.ID, up.ID)
	require.NoError(t, err)
	assert.Equal(t, "192.0.2.9", got.Data)
	assert.Len(t, records(t, a, z.ID), 1, "an update does not add a record")

	// Rename and retype through an update.
	up, err = a.UpdateRecord(ctx, z.ID, up.ID, dns.RecordSpec{Name: "ftp", Type: "AAAA", Data: "2001:db8::1"})
	require.NoError(t, err)
	assert.Equal(t, []string{"ftp/AAAA/2001:db8::1"}, keys(records(t, a, z.ID)))

	require.NoError(t, a.DeleteRecord(ctx, z.ID, up.ID))
	_, err = a.GetRecord(ctx, z.ID, up.ID)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorIs(t, a.DeleteRecord(ctx, z.ID, up.ID), errs.ErrNotFound)
	assert.Empty(t, records(t, a, z.ID))
}

func keys(rs []dns.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name + "/" + string(r.Type) + "/" + r.Data
	}
	return out
}

func (s *suite) testRecordErrors(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	www := create(t, a, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	for what, spec := range map[string]dns.RecordSpec{
		"bad IPv4":          {Name: "x", Type: "A", Data: "999.1.1.1"},
		"IPv6 in A":         {Name: "x", Type: "A", Data: "2001:db8::1"},
		"bad AAAA":          {Name: "x", Type: "AAAA", Data: "192.0.2.1"},
		"empty data":        {Name: "x", Type: "A", Data: ""},
		"unknown type":      {Name: "x", Type: "BOGUS", Data: "x"},
		"bad name":          {Name: "a..b", Type: "A", Data: "192.0.2.1"},
		"outside the zone":  {Name: "www.other.example.", Type: "A", Data: "192.0.2.1"},
		"priority on A":     {Name: "x", Type: "A", Data: "192.0.2.1", Priority: 1},
		"negative TTL":      {Name: "x", Type: "A", Data: "192.0.2.1", TTL: -1},
		"CNAME beside A":    {Name: "www", Type: "CNAME", Data: "other.example."},
		"CNAME at the apex": {Name: "@", Type: "CNAME", Data: "other.example."},
		"an SOA":            {Type: "SOA", Data: "a. b. 1 2 3 4 5"},
		"bad MX":            {Name: "x", Type: "MX", Data: "not a name!", Priority: 10},
	} {
		r, err := a.CreateRecord(ctx, z.ID, spec)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, "%s: %+v", what, r)
	}
	_, err := a.CreateRecord(ctx, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1", TTL: 60})
	assert.ErrorIs(t, err, errs.ErrAlreadyExists, "same name, type and data")
	assert.Equal(t, []dns.Record{*www}, records(t, a, z.ID), "failed creates change nothing")

	_, err = a.CreateRecord(ctx, "no-such-zone", dns.RecordSpec{Name: "x", Type: "A", Data: "192.0.2.1"})
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.ListRecords(ctx, "no-such-zone")
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.GetRecord(ctx, z.ID, "no-such-record")
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.UpdateRecord(ctx, z.ID, "no-such-record", dns.RecordSpec{Name: "x", Type: "A", Data: "192.0.2.1"})
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorIs(t, a.DeleteRecord(ctx, z.ID, "no-such-record"), errs.ErrNotFound)

	second := create(t, a, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.2"})
	_, err = a.UpdateRecord(ctx, z.ID, second.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	assert.ErrorIs(t, err, errs.ErrAlreadyExists, "an update onto an existing value")

	all, err := a.ListRecords(ctx, z.ID)
	require.NoError(t, err)
	i := slices.IndexFunc(all, func(r dns.Record) bool { return r.Type == "SOA" })
	if i >= 0 {
		assert.ErrorIs(t, a.DeleteRecord(ctx, z.ID, all[i].ID), errs.ErrInvalidArgument, "the SOA cannot be deleted")
	}
}

func (s *suite) testRecordPagination(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	for _, n := range []string{"g", "b", "e", "a", "f", "c", "d"} {
		create(t, a, z.ID, dns.RecordSpec{Name: n, Type: "A", Data: "192.0.2.1"})
	}
	all, err := a.ListRecords(ctx, z.ID)
	require.NoError(t, err)
	var paged []dns.Record
	token, pages := "", 0
	for {
		recs, next, err := a.ListRecordsPage(ctx, z.ID, token, 3)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(recs), 3)
		paged = append(paged, recs...)
		pages++
		require.Less(t, pages, 100)
		if next == "" {
			break
		}
		token = next
	}
	assert.GreaterOrEqual(t, pages, 3)
	assert.Equal(t, all, paged, "pages add up to the full listing, in the same order")
	assert.Len(t, find(all, "d", "A"), 1)
}

func (s *suite) testApex(t *testing.T) {
	a := s.account(t)
	z := s.zone(t, a)
	create(t, a, z.ID, dns.RecordSpec{Name: "", Type: "A", Data: "192.0.2.1"})
	create(t, a, z.ID, dns.RecordSpec{Name: "@", Type: "A", Data: "192.0.2.2"})
	create(t, a, z.ID, dns.RecordSpec{Name: z.Domain + ".", Type: "MX", Data: "mail." + z.Domain + ".", Priority: 10})
	create(t, a, z.ID, dns.RecordSpec{Name: "@", Type: "TXT", Data: "v=spf1 mx -all"})
	rs := records(t, a, z.ID)
	assert.ElementsMatch(t, []string{"192.0.2.1", "192.0.2.2"}, datas(find(rs, "", "A")), "apex A by \"\" and \"@\"")
	assert.Equal(t, []string{"mail." + z.Domain + "."}, datas(find(rs, "", "MX")), "apex by FQDN")
	assert.Equal(t, []string{`"v=spf1 mx -all"`}, datas(find(rs, "", "TXT")))
	s.checkRoundTrip(t, a, z.ID)
}

func (s *suite) testRRsets(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	var ids []string
	for _, ip := range []string{"192.0.2.1", "192.0.2.2", "192.0.2.3"} {
		ids = append(ids, create(t, a, z.ID, dns.RecordSpec{Name: "multi", Type: "A", Data: ip, TTL: 300}).ID)
	}
	for _, txt := range []string{"first", "second"} {
		create(t, a, z.ID, dns.RecordSpec{Name: "multi", Type: "TXT", Data: txt, TTL: 300})
	}
	rs := records(t, a, z.ID)
	assert.ElementsMatch(t, []string{"192.0.2.1", "192.0.2.2", "192.0.2.3"}, datas(find(rs, "multi", "A")))
	assert.ElementsMatch(t, []string{`"first"`, `"second"`}, datas(find(rs, "multi", "TXT")))
	assert.Len(t, slices.Compact(slices.Sorted(slices.Values(ids))), 3, "each value is its own record")

	require.NoError(t, a.DeleteRecord(ctx, z.ID, ids[1]))
	rs = records(t, a, z.ID)
	assert.ElementsMatch(t, []string{"192.0.2.1", "192.0.2.3"}, datas(find(rs, "multi", "A")), "deleting one value leaves the others")
	s.checkRoundTrip(t, a, z.ID)
}

func (s *suite) testTXT(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	long := strings.Repeat("0123456789", 40) // 400 bytes
	quoted := create(t, a, z.ID, dns.RecordSpec{Name: "q", Type: "TXT", Data: `she said "hi there"; ok \ done`})
	assert.Equal(t, `"she said \"hi there\"; ok \\ done"`, quoted.Data)
	multi := create(t, a, z.ID, dns.RecordSpec{Name: "m", Type: "TXT", Data: `"two strings" "kept apart"`})
	assert.Equal(t, `"two strings" "kept apart"`, multi.Data)
	lr := create(t, a, z.ID, dns.RecordSpec{Name: "long", Type: "TXT", Data: long})
	assert.Equal(t, `"`+long[:255]+`" "`+long[255:]+`"`, lr.Data, "TXT over 255 bytes is split into strings")
	got, err := a.GetRecord(ctx, z.ID, lr.ID)
	require.NoError(t, err)
	assert.Equal(t, lr.Data, got.Data)
	text, err := a.Export(ctx, z.ID)
	require.NoError(t, err)
	assert.Contains(t, text, `"she said \"hi there\"; ok \\ done"`)
	s.checkRoundTrip(t, a, z.ID)
}

func (s *suite) testPriorities(t *testing.T) {
	a := s.account(t)
	requireTypes(t, a, "MX", "SRV")
	z := s.zone(t, a)
	create(t, a, z.ID, dns.RecordSpec{Type: "MX", Data: "mx1", Priority: 10})
	create(t, a, z.ID, dns.RecordSpec{Type: "MX", Data: "mx2." + z.Domain + ".", Priority: 20})
	srv := create(t, a, z.ID, dns.RecordSpec{Name: "_sip._tcp", Type: "SRV", Data: "60 5060 sip", Priority: 5})
	assert.Equal(t, 5, srv.Priority)
	assert.Equal(t, "60 5060 sip."+z.Domain+".", srv.Data)
	rs := records(t, a, z.ID)
	mx := find(rs, "", "MX")
	require.Len(t, mx, 2)
	byData := map[string]int{}
	for _, r := range mx {
		byData[r.Data] = r.Priority
	}
	assert.Equal(t, map[string]int{"mx1." + z.Domain + ".": 10, "mx2." + z.Domain + ".": 20}, byData)
	text, err := a.Export(context.Background(), z.ID)
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^@\s+\d+\s+IN\s+MX\s+10 mx1\.`, text)
	assert.Regexp(t, `(?m)^_sip\._tcp\s+\d+\s+IN\s+SRV\s+5 60 5060 sip\.`, text)
	s.checkRoundTrip(t, a, z.ID)
}

func (s *suite) testWildcard(t *testing.T) {
	a := s.account(t)
	z := s.zone(t, a)
	r := create(t, a, z.ID, dns.RecordSpec{Name: "*", Type: "A", Data: "192.0.2.50"})
	assert.Equal(t, "*", r.Name)
	r = create(t, a, z.ID, dns.RecordSpec{Name: "*.dev", Type: "TXT", Data: "wild"})
	assert.Equal(t, "*.dev", r.Name)
	text, err := a.Export(context.Background(), z.ID)
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^\*\.dev\s`, text)
	s.checkRoundTrip(t, a, z.ID)
}

func (s *suite) testRecordTypes(t *testing.T) {
	a := s.account(t)
	ts, err := a.RecordTypes(context.Background())
	require.NoError(t, err)
	assert.Contains(t, ts, dns.RecordType("A"))
	for _, typ := range ts {
		assert.True(t, typ.Valid(), "type %q", typ)
	}
}
