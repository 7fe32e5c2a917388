package resfs

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dnsAccounts are the DNS accounts of the test mount, by folder name.
func (e *env) dnsAccounts() map[string]*dns.Account {
	return map[string]*dns.Account{"mem": e.dnsMem, "zf": e.dnsZF}
}

func forEachDNS(t *testing.T, e *env, f func(t *testing.T, name string, a *dns.Account)) {
	for _, name := range []string{"mem", "zf"} {
		t.Run(name, func(t *testing.T) { f(t, name, e.dnsAccounts()[name]) })
	}
}

// records returns a zone's records through the API, keyed by
// "name type data" with their IDs.
func recordIDs(t *testing.T, a *dns.Account, domain string) map[string]string {
	t.Helper()
	z, err := a.ZoneByDomain(ctx(t), domain)
	require.NoError(t, err)
	recs, err := a.ListRecords(ctx(t), z.ID)
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range recs {
		if r.Type == "SOA" {
			continue // its serial moves with every change
		}
		out[r.Name+" "+string(r.Type)+" "+r.Data] = r.ID
	}
	return out
}

const zoneText = `$ORIGIN test.org.
$TTL 3600
@     3600 IN SOA ns1.test.org. hostmaster.test.org. 1 3600 900 1209600 300
@     3600 IN NS  ns1.test.org.
ns1   3600 IN A   192.0.2.53
www    300 IN A   192.0.2.10
www    300 IN A   192.0.2.11
mail   300 IN A   192.0.2.25
@      300 IN MX  10 mail.test.org.
txt    300 IN TXT "hello world"
`

func TestZoneLifecycle(t *testing.T) {
	e := newEnv(t, Options{})
	forEachDNS(t, e, func(t *testing.T, acct string, a *dns.Account) {
		dir := "dns/" + acct + "/test.org"
		require.NoError(t, os.Mkdir(e.p(dir), 0o755))
		z, err := a.ZoneByDomain(ctx(t), "test.org")
		require.NoError(t, err)
		assert.Contains(t, e.ls("dns/"+acct), "test.org")

		// A new zone's files are out of sight until written (or listed),
		// and writing records applies the whole file.
		for _, f := range []string{"records", "zone.json"} {
			_, err := os.Stat(e.p(dir + "/" + f))
			require.ErrorIs(t, err, os.ErrNotExist)
		}
		require.NoError(t, e.write(dir+"/records", zoneText))
		ids := recordIDs(t, a, "test.org")
		assert.Contains(t, ids, "www A 192.0.2.11")
		assert.Contains(t, ids, "txt TXT \"hello world\"")
		assert.Contains(t, ids, " MX mail.test.org.")
		// Listing the folder shows zone.json too.
		assert.Equal(t, []string{"records", "zone.json"}, e.ls(dir))

		// Reading exports the zone; the export re-imports with no change.
		text := e.read(dir + "/records")
		exp, err := a.Export(ctx(t), z.ID)
		require.NoError(t, err)
		assert.Equal(t, exp, text)
		plan, err := a.Diff(ctx(t), z.ID, text)
		require.NoError(t, err)
		assert.True(t, plan.Empty(), plan.String())

		// An edit applies exactly its changes: one update, one delete,
		// one create; the other records keep their IDs.
		edited := strings.Replace(text, "192.0.2.11", "192.0.2.12", 1)
		edited = regexp.MustCompile(`(?m)^mail\s.*\n`).ReplaceAllString(edited, "")
		edited += "api 600 IN CNAME www\n"
		require.NoError(t, e.write(dir+"/records", edited))
		after := recordIDs(t, a, "test.org")
		assertOnlyChanged(t, acct, ids, after,
			[]string{"www A 192.0.2.11", "mail A 192.0.2.25"},
			[]string{"www A 192.0.2.12", "api CNAME www.test.org."})

		// zone.json.
		var zj dns.Zone
		require.NoError(t, json.Unmarshal([]byte(e.read(dir+"/zone.json")), &zj))
		assert.Equal(t, "test.org", zj.Domain)
		assert.Equal(t, z.ID, zj.ID)
		require.NoError(t, e.write(dir+"/zone.json", strings.Replace(e.read(dir+"/zone.json"), `"ttl": 3600`, `"ttl": 7200`, 1)))
		z, err = a.GetZone(ctx(t), z.ID)
		require.NoError(t, err)
		assert.Equal(t, 7200, z.TTL)
		// The same content again is a no-op; another id is ignored.
		require.NoError(t, e.write(dir+"/zone.json", `{"id": "elsewhere-1", "domain": "test.org", "type": "master", "ttl": 7200}`))

		// rmdir refuses while records remain; rm records empties the zone
		// down to SOA and NS; then rmdir deletes it.
		requireErrno(t, syscall.Rmdir(e.p(dir)), syscall.ENOTEMPTY)
		assert.Contains(t, e.errorsOf("dns/"+acct), "not empty")
		require.NoError(t, os.Remove(e.p(dir+"/records")))
		for k := range recordIDs(t, a, "test.org") {
			assert.Regexp(t, `^ NS `, k)
		}
		require.NoError(t, syscall.Rmdir(e.p(dir)))
		_, err = a.ZoneByDomain(ctx(t), "test.org")
		require.Error(t, err)
		assert.NotContains(t, e.ls("dns/"+acct), "test.org")
	})
}

// assertOnlyChanged checks that exactly the records gone went and the
// records added came, and that every other record kept its ID.
func assertOnlyChanged(t *testing.T, acct string, before, after map[string]string, gone, added []string) {
	t.Helper()
	for k, id := range before {
		if slices.Contains(gone, k) {
			assert.NotContains(t, after, k)
			continue
		}
		if assert.Contains(t, after, k, "record %s went", k) {
			assert.Equal(t, id, after[k], "record %s changed its ID", k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			assert.Contains(t, added, k, "record %s appeared", k)
		}
	}
	for _, k := range added {
		assert.Contains(t, after, k)
	}
}

// TestSedOnRecords: sed -i writes a temp file in the folder and renames
// it over records; exactly the edited record changes.
func TestSedOnRecords(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	forEachDNS(t, e, func(t *testing.T, acct string, a *dns.Account) {
		recs := "dns/" + acct + "/example.com/records"
		require.NoError(t, e.write(recs, e.read(recs)+"api 300 IN A 192.0.2.40\nmx 300 IN A 192.0.2.41\n"))
		before := recordIDs(t, a, "example.com")
		out, err := exec.Command("sed", "-i", "s/192.0.2.40/192.0.2.44/", e.p(recs)).CombinedOutput()
		require.NoError(t, err, "%s", out)
		after := recordIDs(t, a, "example.com")
		assertOnlyChanged(t, acct, before, after, []string{"api A 192.0.2.40"}, []string{"api A 192.0.2.44"})
		assert.Equal(t, []string{"records", "zone.json"}, e.ls("dns/"+acct+"/example.com"), "sed's temp file is gone")
	})
}

// TestZoneMigration copies a zone from the memory account to the zonefile
// account with cp -r and compares the exports.
func TestZoneMigration(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	_, err := e.dnsZF.ZoneByDomain(ctx(t), "example.com")
	require.NoError(t, err)
	// Start from a zone the target does not have.
	require.NoError(t, os.Mkdir(e.p("dns/mem/shop.example"), 0o755))
	require.NoError(t, e.write("dns/mem/shop.example/records", strings.ReplaceAll(zoneText, "test.org", "shop.example")))
	require.NoError(t, e.write("dns/mem/shop.example/zone.json", `{"ttl": 1800}`))

	out, err := exec.Command("cp", "-r", e.p("dns/mem/shop.example"), e.p("dns/zf/")).CombinedOutput()
	require.NoError(t, err, "%s", out)

	src, err := e.dnsMem.ZoneByDomain(ctx(t), "shop.example")
	require.NoError(t, err)
	dst, err := e.dnsZF.ZoneByDomain(ctx(t), "shop.example")
	require.NoError(t, err)
	assert.Equal(t, 1800, dst.TTL)
	want, err := e.dnsMem.Export(ctx(t), src.ID)
	require.NoError(t, err)
	got, err := e.dnsZF.Export(ctx(t), dst.ID)
	require.NoError(t, err)
	assert.Equal(t, withoutSerial(want), withoutSerial(got))
	// The zone file on disk is the one BIND would serve.
	disk, err := os.ReadFile(e.zfDir + "/shop.example.zone")
	require.NoError(t, err)
	assert.Contains(t, string(disk), "192.0.2.11")

	// A zone cannot change its name on the way.
	out, err = exec.Command("mv", e.p("dns/zf/shop.example"), e.p("dns/zf/moved.example")).CombinedOutput()
	require.Error(t, err, "%s", out)
}

// TestZoneMove: mv of a zone folder to another account gets EXDEV, so mv
// copies the zone (as cp -r does) and then removes it (rm -r empties the
// records, rmdir deletes the zone).
func TestZoneMove(t *testing.T) {
	e := newEnv(t, Options{})
	z, err := e.dnsZF.CreateZone(ctx(t), dns.ZoneSpec{Domain: "moving.example"})
	require.NoError(t, err)
	_, err = e.dnsZF.CreateRecord(ctx(t), z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.80", TTL: 60})
	require.NoError(t, err)
	out, err := exec.Command("mv", e.p("dns/zf/moving.example"), e.p("dns/mem/")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	_, err = e.dnsZF.ZoneByDomain(ctx(t), "moving.example")
	require.Error(t, err, "the source zone is gone")
	assert.Contains(t, recordIDs(t, e.dnsMem, "moving.example"), "www A 192.0.2.80")
	assert.Contains(t, e.ls("dns/mem"), "moving.example")
	assert.NotContains(t, e.ls("dns/zf"), "moving.example")
}

// withoutSerial blanks the SOA serial, which every provider bumps its own
// way.
func withoutSerial(zone string) string {
	return regexp.MustCompile(`(IN\s+SOA\s+\S+\s+\S+\s+)\d+`).ReplaceAllString(zone, "${1}SERIAL")
}
