package zonefmt

import (
	"strings"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeDomain(t *testing.T) {
	for in, want := range map[string]string{
		"Example.COM.":   "example.com",
		"bücher.example": "xn--bcher-kva.example",
		"BÜCHER.example": "xn--bcher-kva.example",
		"_dmarc.example": "_dmarc.example",
		"例え.テスト":         "xn--r8jz45g.xn--zckzah",
	} {
		got, err := NormalizeDomain(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", ".", "a..b", "*.example.com", strings.Repeat("a", 64) + ".com"} {
		_, err := NormalizeDomain(in)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, in)
	}
}

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"@":                 "",
		"example.com.":      "",
		"WWW":               "www",
		"www.example.com.":  "www",
		"*.dev":             "*.dev",
		"_sip._tcp":         "_sip._tcp",
		"www.example.com":   "www.example.com", // relative, as in a zone file
		"münchen":           "xn--mnchen-3ya",
		"a.b.EXAMPLE.com.":  "a.b",
		"  spaced  ":        "spaced",
		"xn--mnchen-3ya":    "xn--mnchen-3ya",
		"x.xn--bcher-kva.e": "x.xn--bcher-kva.e",
	} {
		got, err := NormalizeName(in, "example.com")
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"other.org.", "a..b", "." + strings.Repeat("a", 70)} {
		_, err := NormalizeName(in, "example.com")
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, in)
	}
}

func TestCanonicalize(t *testing.T) {
	long := strings.Repeat("x", 300)
	for _, tc := range []struct {
		in   driver.RecordSpec
		want driver.RecordSpec
	}{
		{driver.RecordSpec{Name: "www", Type: "a", Data: " 192.0.2.1 "}, driver.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"}},
		{driver.RecordSpec{Type: "AAAA", Data: "2001:DB8:0::1"}, driver.RecordSpec{Type: "AAAA", Data: "2001:db8::1"}},
		{driver.RecordSpec{Name: "ftp", Type: "CNAME", Data: "WWW"}, driver.RecordSpec{Name: "ftp", Type: "CNAME", Data: "www.example.com."}},
		{driver.RecordSpec{Type: "MX", Data: "mail", Priority: 10}, driver.RecordSpec{Type: "MX", Data: "mail.example.com.", Priority: 10}},
		{driver.RecordSpec{Name: "_sip._tcp", Type: "SRV", Data: "5 5060 sip.example.com.", Priority: 20}, driver.RecordSpec{Name: "_sip._tcp", Type: "SRV", Data: "5 5060 sip.example.com.", Priority: 20}},
		{driver.RecordSpec{Type: "TXT", Data: "v=spf1 -all"}, driver.RecordSpec{Type: "TXT", Data: `"v=spf1 -all"`}},
		{driver.RecordSpec{Type: "TXT", Data: `say "hi"`}, driver.RecordSpec{Type: "TXT", Data: `"say \"hi\""`}},
		{driver.RecordSpec{Type: "TXT", Data: `"a b" "c"`}, driver.RecordSpec{Type: "TXT", Data: `"a b" "c"`}},
		{driver.RecordSpec{Type: "TXT", Data: long}, driver.RecordSpec{Type: "TXT", Data: `"` + long[:255] + `" "` + long[255:] + `"`}},
		{driver.RecordSpec{Type: "CAA", Data: `0 issue "letsencrypt.org"`}, driver.RecordSpec{Type: "CAA", Data: `0 issue "letsencrypt.org"`}},
		{driver.RecordSpec{Type: "ALIAS", Data: "lb.Provider.net."}, driver.RecordSpec{Type: "ALIAS", Data: "lb.provider.net."}},
		{driver.RecordSpec{Type: "ALIAS", Data: "lb"}, driver.RecordSpec{Type: "ALIAS", Data: "lb.example.com."}},
		{driver.RecordSpec{Name: "_25._tcp.mx", Type: "TLSA", Data: "3 1 1 ABCDEF"}, driver.RecordSpec{Name: "_25._tcp.mx", Type: "TLSA", Data: "3 1 1 abcdef"}},
		{driver.RecordSpec{Name: "h", Type: "SSHFP", Data: "4 2 abcdef0123"}, driver.RecordSpec{Name: "h", Type: "SSHFP", Data: "4 2 ABCDEF0123"}},
		{driver.RecordSpec{Type: "MX", Data: "mail.bücher.example.", Priority: 5}, driver.RecordSpec{Type: "MX", Data: "mail.xn--bcher-kva.example.", Priority: 5}},
		{driver.RecordSpec{Type: "NS", Data: "NS1.Example.COM."}, driver.RecordSpec{Type: "NS", Data: "ns1.example.com."}},
	} {
		got, err := Canonicalize("example.com", tc.in)
		require.NoError(t, err, "%+v", tc.in)
		assert.Equal(t, tc.want, got, "%+v", tc.in)
		again, err := Canonicalize("example.com", got)
		require.NoError(t, err)
		assert.Equal(t, got, again, "canonical form is a fixed point")
	}
}

func TestCanonicalizeRejects(t *testing.T) {
	for what, s := range map[string]driver.RecordSpec{
		"bad IPv4":       {Type: "A", Data: "999.1.1.1"},
		"IPv6 in A":      {Type: "A", Data: "2001:db8::1"},
		"empty data":     {Type: "A", Data: ""},
		"unknown type":   {Type: "BOGUS", Data: "x"},
		"prio on A":      {Type: "A", Data: "192.0.2.1", Priority: 5},
		"neg TTL":        {Type: "A", Data: "192.0.2.1", TTL: -1},
		"newline":        {Type: "TXT", Data: "a\nb"},
		"out of zone":    {Name: "www.other.org.", Type: "A", Data: "192.0.2.1"},
		"unclosed quote": {Type: "TXT", Data: `"abc`},
		"two values":     {Type: "A", Data: "192.0.2.1 192.0.2.2"},
		"big priority":   {Type: "MX", Data: "mail.", Priority: 70000},
		"bad SRV":        {Type: "SRV", Data: "x y z"},
	} {
		_, err := Canonicalize("example.com", s)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, what)
	}
}
