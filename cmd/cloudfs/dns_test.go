package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/registry"
)

// dnsEnv keeps one registry across commands, so the in-memory DNS
// account "z" keeps its zones between them.
type dnsEnv struct {
	*testEnv
	reg  *registry.Registry
	acct *dns.Account
}

func newDNSEnv(t *testing.T) *dnsEnv {
	e := newTestEnv(t, "[accounts.z]\nkind = \"dns\"\ndriver = \"memory\"\n")
	cfg, err := config.Load(e.cfg)
	require.NoError(t, err)
	reg := registry.New(cfg)
	t.Cleanup(func() { reg.Close() })
	acct, err := reg.DNS(t.Context(), "z")
	require.NoError(t, err)
	_, err = acct.CreateZone(t.Context(), dns.ZoneSpec{Domain: "example.com", TTL: 300})
	require.NoError(t, err)
	return &dnsEnv{testEnv: e, reg: reg, acct: acct}
}

func (d *dnsEnv) run(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, reg: d.reg, borrowed: true}
	code := executeApp(d.t.Context(), a, args)
	return out.String(), errb.String(), code
}

func (d *dnsEnv) ok(stdin string, args ...string) string {
	d.t.Helper()
	out, errOut, code := d.run(stdin, args...)
	require.Equal(d.t, 0, code, "cloudfs %s: %s", strings.Join(args, " "), errOut)
	return out
}

const zoneText = `$ORIGIN example.com.
$TTL 300
@    IN SOA ns1.example.com. hostmaster.example.com. 1 3600 900 1209600 300
www  600 IN A 192.0.2.10
@    IN MX 10 mail.example.com.
txt  IN TXT "hello world"
`

func TestDNSCommands(t *testing.T) {
	d := newDNSEnv(t)
	out := d.ok("", "dns", "zones", "z")
	assert.Regexp(t, `(?m)^ID\s+DOMAIN\s+TYPE\s+TTL`, out)
	assert.Contains(t, out, "example.com")
	var zones []map[string]any
	require.NoError(t, json.Unmarshal([]byte(d.ok("", "dns", "zones", "z", "--json")), &zones))
	require.Len(t, zones, 1)
	assert.Equal(t, "example.com", zones[0]["domain"])

	// A dry run prints the plan and changes nothing.
	before, err := d.acct.ListRecords(t.Context(), zones[0]["id"].(string))
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "example.com.zone")
	require.NoError(t, os.WriteFile(file, []byte(zoneText), 0o644))
	out = d.ok("", "dns", "import", "z", "example.com", file, "--dry-run")
	assert.Contains(t, out, "+ www")
	assert.Contains(t, out, "Dry run")
	after, err := d.acct.ListRecords(t.Context(), zones[0]["id"].(string))
	require.NoError(t, err)
	assert.Equal(t, before, after, "a dry run changes nothing")

	// The real import, from stdin; then records, export, and a no-op re-import.
	out = d.ok(zoneText, "dns", "import", "z", "example.com.", "-")
	assert.Contains(t, out, "+ www")
	out = d.ok("", "dns", "records", "z", "example.com")
	assert.Regexp(t, `(?m)^www\s+600\s+A\s+-\s+192\.0\.2\.10`, out)
	assert.Regexp(t, `(?m)^@\s+300\s+MX\s+10\s+mail\.example\.com\.`, out)
	var records []map[string]any
	require.NoError(t, json.Unmarshal([]byte(d.ok("", "dns", "records", "z", "example.com", "--json")), &records))
	assert.NotEmpty(t, records)

	exported := d.ok("", "dns", "export", "z", zones[0]["id"].(string))
	assert.Contains(t, exported, "192.0.2.10")
	assert.Contains(t, exported, "$ORIGIN example.com.")
	assert.Equal(t, "No changes.\n", d.ok(exported, "dns", "import", "z", "example.com", "-"), "export then import is a no-op")

	// Errors.
	_, errOut, code := d.run("", "dns", "records", "z", "nope.example")
	assert.Equal(t, 1, code)
	assert.Equal(t, "cloudfs: dns records z nope.example: zone not found\n", errOut)
	_, errOut, code = d.run("www IN BOGUS x\n", "dns", "import", "z", "example.com", "-")
	assert.Equal(t, 1, code)
	assert.Equal(t, 1, strings.Count(errOut, "\n"), errOut)
	assert.Contains(t, errOut, "dns import z example.com:")
	_, errOut, code = d.run("", "dns", "zones", "local")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "is a storage account, not dns")
}

// TestDNSZonefile runs the commands in separate processes' worth of
// registries: the zonefile driver keeps its state in files.
func TestDNSZonefile(t *testing.T) {
	dir := t.TempDir()
	e := newTestEnv(t, "[accounts.files]\nkind = \"dns\"\ndriver = \"zonefile\"\ndir = \""+dir+"\"\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "example.com.zone"), []byte(zoneText), 0o644))

	assert.Regexp(t, `(?m)^example\.com\s+example\.com\s+master\s+300$`, e.ok("dns", "zones", "files"))
	assert.Regexp(t, `(?m)^www\s+600\s+A\s+-\s+192\.0\.2\.10\s`, e.ok("dns", "records", "files", "example.com"))

	changed := strings.Replace(zoneText, "192.0.2.10", "192.0.2.20", 1) + "new IN AAAA 2001:db8::1\n"
	edited := filepath.Join(t.TempDir(), "edited.zone")
	require.NoError(t, os.WriteFile(edited, []byte(changed), 0o644))
	out := e.ok("dns", "import", "--dry-run", "files", "example.com", edited)
	assert.Contains(t, out, "~ www")
	assert.Contains(t, out, "+ new")
	assert.NotContains(t, e.ok("dns", "export", "files", "example.com"), "192.0.2.20", "dry run")

	e.ok("dns", "import", "files", "example.com", edited)
	exported := e.ok("dns", "export", "files", "example.com")
	assert.Contains(t, exported, "192.0.2.20")
	assert.Contains(t, exported, "2001:db8::1")
	onDisk, err := os.ReadFile(filepath.Join(dir, "example.com.zone"))
	require.NoError(t, err)
	assert.Contains(t, string(onDisk), "192.0.2.20")
	assert.Equal(t, "No changes.\n", e.ok("dns", "import", "files", "example.com", edited))
}
