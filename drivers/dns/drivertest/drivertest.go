// Package drivertest is the conformance suite every DNS driver runs, in
// the manner of gocloud.dev's drivertest: a provider's test file is little
// more than a harness that makes a fresh driver per test.
//
//	func TestConformance(t *testing.T) {
//		drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver {
//			return memory.New()
//		})
//	}
//
// The suite goes through the portable API (drivers/dns), so it checks the
// driver and the portable layer together: zones and records, every error
// kind, pagination, apex records, multi-value RRsets, TXT quoting and
// long TXT values, MX and SRV priorities, wildcards, IDN zones, concurrent
// use, and that a zone-file export imports back with zero changes.
package drivertest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/stretchr/testify/require"
)

// Harness makes a fresh, empty driver for one test.
type Harness func(t *testing.T) driver.Driver

// RunConformanceTests runs the suite.
func RunConformanceTests(t *testing.T, h Harness) {
	s := &suite{h: h}
	tests := []struct {
		name string
		f    func(*testing.T)
	}{
		{"Zones", s.testZones},
		{"ZoneErrors", s.testZoneErrors},
		{"ZonePagination", s.testZonePagination},
		{"IDNZone", s.testIDNZone},
		{"Records", s.testRecords},
		{"RecordErrors", s.testRecordErrors},
		{"RecordPagination", s.testRecordPagination},
		{"ApexRecords", s.testApex},
		{"MultiValueRRsets", s.testRRsets},
		{"TXTValues", s.testTXT},
		{"Priorities", s.testPriorities},
		{"Wildcard", s.testWildcard},
		{"RecordTypes", s.testRecordTypes},
		{"ExportImportRoundTrip", s.testRoundTrip},
		{"ImportChanges", s.testImportChanges},
		{"ImportRejects", s.testImportRejects},
		{"SOASerialIgnored", s.testSOASerial},
		{"ConcurrentRecords", s.testConcurrentRecords},
		{"ConcurrentSameRecord", s.testConcurrentSameRecord},
		{"ConcurrentZones", s.testConcurrentZones},
		{"Closed", s.testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.f)
	}
}

type suite struct{ h Harness }

var seq atomic.Int64

// uniqueDomain makes a domain unique within the process.
func uniqueDomain(prefix string) string {
	return fmt.Sprintf("%s-%d-%d.example", prefix, time.Now().UnixNano()%1e6, seq.Add(1))
}

func (s *suite) account(t *testing.T) *dns.Account {
	t.Helper()
	a := dns.New(s.h(t))
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// zone creates a zone deleted (with its records) at the end of the test.
func (s *suite) zone(t *testing.T, a *dns.Account) *dns.Zone {
	t.Helper()
	z, err := a.CreateZone(context.Background(), dns.ZoneSpec{Domain: uniqueDomain("zone"), TTL: 3600})
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.DeleteZone(context.Background(), z.ID, &dns.DeleteZoneOptions{Recursive: true}) })
	return z
}

// create adds a record and fails the test on error.
func create(t *testing.T, a *dns.Account, zoneID string, spec dns.RecordSpec) *dns.Record {
	t.Helper()
	r, err := a.CreateRecord(context.Background(), zoneID, spec)
	require.NoError(t, err, "%+v", spec)
	return r
}

// records lists a zone's records other than the SOA and apex NS.
func records(t *testing.T, a *dns.Account, zoneID string) []dns.Record {
	t.Helper()
	all, err := a.ListRecords(context.Background(), zoneID)
	require.NoError(t, err)
	var out []dns.Record
	for _, r := range all {
		if r.Type == driver.SOA || (r.Name == "" && r.Type == driver.NS) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// find returns the records with a name and type.
func find(rs []dns.Record, name string, typ dns.RecordType) []dns.Record {
	var out []dns.Record
	for _, r := range rs {
		if r.Name == name && r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// datas returns the data of records.
func datas(rs []dns.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Data
	}
	return out
}

// requireTypes skips the test if the provider lacks a type.
func requireTypes(t *testing.T, a *dns.Account, types ...dns.RecordType) {
	t.Helper()
	have, err := a.RecordTypes(context.Background())
	require.NoError(t, err)
	for _, want := range types {
		found := false
		for _, h := range have {
			found = found || h == want
		}
		if !found {
			t.Skipf("provider does not support %s", want)
		}
	}
}
