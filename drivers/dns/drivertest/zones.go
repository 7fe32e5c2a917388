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

func (s *suite) testZones(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	domain := uniqueDomain("Zones")
	z, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: domain + ".", TTL: 600})
	require.NoError(t, err)
	assert.NotEmpty(t, z.ID)
	assert.Equal(t, strings.ToLower(domain), z.Domain, "domain is normalised")
	assert.Equal(t, dns.ZoneMaster, z.Type)
	assert.Equal(t, 600, z.TTL)

	got, err := a.GetZone(ctx, z.ID)
	require.NoError(t, err)
	assert.Equal(t, *z, *got)
	byDomain, err := a.ZoneByDomain(ctx, strings.ToUpper(domain))
	require.NoError(t, err)
	assert.Equal(t, z.ID, byDomain.ID)
	zones, err := a.ListZones(ctx)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(zones, func(x dns.Zone) bool { return x.ID == z.ID }))

	b, err := json.Marshal(got)
	require.NoError(t, err)
	var back dns.Zone
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, *got, back, "zone JSON round trip")
	assert.Contains(t, string(b), `"domain":"`+z.Domain+`"`)

	ttl := 900
	up, err := a.UpdateZone(ctx, z.ID, dns.ZoneUpdate{TTL: &ttl})
	require.NoError(t, err)
	assert.Equal(t, 900, up.TTL)
	got, err = a.GetZone(ctx, z.ID)
	require.NoError(t, err)
	assert.Equal(t, 900, got.TTL)

	create(t, a, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	assert.ErrorIs(t, a.DeleteZone(ctx, z.ID, nil), errs.ErrNotEmpty, "a zone with records is not empty")
	require.NoError(t, a.DeleteZone(ctx, z.ID, &dns.DeleteZoneOptions{Recursive: true}))
	_, err = a.GetZone(ctx, z.ID)
	assert.ErrorIs(t, err, errs.ErrNotFound)

	// A zone with only what the provider put there is empty.
	e, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: uniqueDomain("empty")})
	require.NoError(t, err)
	require.NoError(t, a.DeleteZone(ctx, e.ID, nil))
}

func (s *suite) testZoneErrors(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	z := s.zone(t, a)
	_, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: z.Domain})
	assert.ErrorIs(t, err, errs.ErrAlreadyExists)
	_, err = a.CreateZone(ctx, dns.ZoneSpec{Domain: strings.ToUpper(z.Domain) + "."})
	assert.ErrorIs(t, err, errs.ErrAlreadyExists, "domains compare normalised")
	for _, bad := range []string{"", "a..b", "*.wild.example", strings.Repeat("x", 64) + ".example"} {
		_, err = a.CreateZone(ctx, dns.ZoneSpec{Domain: bad})
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, "domain %q", bad)
	}
	_, err = a.CreateZone(ctx, dns.ZoneSpec{Domain: uniqueDomain("ttl"), TTL: -5})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	_, err = a.CreateZone(ctx, dns.ZoneSpec{Domain: uniqueDomain("type"), Type: "primary"})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)

	const id = "no-such-zone"
	_, err = a.GetZone(ctx, id)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	ttl := 60
	_, err = a.UpdateZone(ctx, id, dns.ZoneUpdate{TTL: &ttl})
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorIs(t, a.DeleteZone(ctx, id, &dns.DeleteZoneOptions{Recursive: true}), errs.ErrNotFound)
	_, err = a.ZoneByDomain(ctx, "no-such-zone.example")
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.GetZone(ctx, "")
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testZonePagination(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	want := map[string]bool{}
	for range 5 {
		want[s.zone(t, a).ID] = true
	}
	seen := map[string]bool{}
	var domains []string
	token, pages := "", 0
	for {
		zones, next, err := a.ListZonesPage(ctx, token, 2)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(zones), 2)
		for _, z := range zones {
			assert.False(t, seen[z.ID], "zone %s listed twice", z.ID)
			seen[z.ID] = true
			domains = append(domains, z.Domain)
		}
		pages++
		require.Less(t, pages, 100)
		if next == "" {
			break
		}
		token = next
	}
	assert.GreaterOrEqual(t, pages, 3)
	assert.True(t, slices.IsSorted(domains), "zones come in domain order: %v", domains)
	for id := range want {
		assert.True(t, seen[id], "zone %s missing", id)
	}
}

func (s *suite) testIDNZone(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	uni := "bücher-" + strings.TrimSuffix(uniqueDomain("idn"), ".example") + ".example"
	z, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: uni})
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.DeleteZone(ctx, z.ID, &dns.DeleteZoneOptions{Recursive: true}) })
	assert.True(t, strings.HasPrefix(z.Domain, "xn--"), "IDN stored as punycode: %s", z.Domain)
	byDomain, err := a.ZoneByDomain(ctx, uni)
	require.NoError(t, err)
	assert.Equal(t, z.ID, byDomain.ID)
	r := create(t, a, z.ID, dns.RecordSpec{Name: "straße", Type: "A", Data: "192.0.2.7"})
	assert.Equal(t, "xn--strae-oqa", r.Name)
	r2 := create(t, a, z.ID, dns.RecordSpec{Name: "www." + uni + ".", Type: "CNAME", Data: "straße." + uni + "."})
	assert.Equal(t, "www", r2.Name)
	assert.Equal(t, "xn--strae-oqa."+z.Domain+".", r2.Data)
	text, err := a.Export(ctx, z.ID)
	require.NoError(t, err)
	assert.Contains(t, text, "$ORIGIN "+z.Domain+".")
	assert.Contains(t, text, "xn--strae-oqa")
	p, err := a.Import(ctx, z.ID, text, false)
	require.NoError(t, err)
	assert.True(t, p.Empty(), "IDN zone round trip:\n%s", p)
}

func (s *suite) testClosed(t *testing.T) {
	a := dns.New(s.h(t))
	require.NoError(t, a.Close())
	_, err := a.ListZones(context.Background())
	assert.ErrorIs(t, err, errs.ErrPreconditionFailed)
	assert.ErrorIs(t, a.Close(), errs.ErrPreconditionFailed)
}
