package zonefile

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/drivertest"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newDriver(t *testing.T) *Driver {
	d, err := New(Options{Dir: t.TempDir()})
	require.NoError(t, err)
	return d
}

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver { return newDriver(t) })
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(context.Background(), params.Params{DataDir: dir})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "zones"), d.(*Driver).opts.Dir)
	assert.DirExists(t, filepath.Join(dir, "zones"))
	_, err = Open(context.Background(), params.Params{})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func serialOf(t *testing.T, text string) string {
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) >= 7 && f[3] == "SOA" {
			return f[6]
		}
	}
	t.Fatalf("no SOA in\n%s", text)
	return ""
}

func TestFileLayoutAndSerial(t *testing.T) {
	ctx := context.Background()
	d := newDriver(t)
	a := dns.New(d)
	z, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: "Example.COM", TTL: 300})
	require.NoError(t, err)
	assert.Equal(t, "example.com", z.ID)
	path := filepath.Join(d.opts.Dir, "example.com.zone")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	today := time.Now().UTC().Format("20060102")
	assert.Equal(t, today+"01", serialOf(t, string(b)))
	assert.True(t, strings.HasPrefix(string(b), "$ORIGIN example.com.\n$TTL 300\n"), string(b))
	assert.Contains(t, string(b), "IN NS  ns1.example.com.")

	_, err = a.CreateRecord(ctx, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	require.NoError(t, err)
	b, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, today+"02", serialOf(t, string(b)), "every change bumps the serial")
	assert.Regexp(t, `(?m)^www\s+300\s+IN\s+A\s+192\.0\.2\.1$`, string(b))

	// An import of several changes is one rewrite and one bump.
	text, err := a.Export(ctx, z.ID)
	require.NoError(t, err)
	text += "a 60 IN A 192.0.2.10\nb 60 IN A 192.0.2.11\nc 60 IN TXT hello\n"
	p, err := a.Import(ctx, z.ID, text, false)
	require.NoError(t, err)
	assert.Equal(t, 3, p.Len())
	b, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, today+"03", serialOf(t, string(b)))
	entries, err := os.ReadDir(d.opts.Dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary files are left behind")
}

func TestHandEditsAreReadFresh(t *testing.T) {
	ctx := context.Background()
	d := newDriver(t)
	a := dns.New(d)
	z, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: "example.org"})
	require.NoError(t, err)
	path := filepath.Join(d.opts.Dir, "example.org.zone")
	hand := `; edited by hand
$TTL 1h
@   IN SOA ns1.example.org. admin.example.org. 7 3600 900 1209600 300
@   IN NS  ns1.example.org.
ftp IN A   192.0.2.99
`
	require.NoError(t, os.WriteFile(path, []byte(hand), 0o640))
	require.NoError(t, os.Chmod(path, 0o640))
	recs, err := a.ListRecords(ctx, z.ID)
	require.NoError(t, err)
	require.Len(t, recs, 3)
	got, err := a.GetZone(ctx, z.ID)
	require.NoError(t, err)
	assert.Equal(t, 3600, got.TTL, "$TTL 1h is read")
	_, err = a.CreateRecord(ctx, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.1"})
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "8", serialOf(t, string(b)), "a counter serial counts on")
	assert.Contains(t, string(b), "ftp ")
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), st.Mode().Perm(), "the file keeps its mode")
}

func TestBrokenFileIsNeverOverwritten(t *testing.T) {
	ctx := context.Background()
	d := newDriver(t)
	a := dns.New(d)
	z, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: "broken.example"})
	require.NoError(t, err)
	path := filepath.Join(d.opts.Dir, "broken.example.zone")
	broken := "$TTL 300\n@ IN SOA ns1. h. 1 2 3 4 5\nwww IN A 192.0.2.1\nbad IN A 999.0.0.1\n"
	require.NoError(t, os.WriteFile(path, []byte(broken), 0o644))
	_, err = a.CreateRecord(ctx, z.ID, dns.RecordSpec{Name: "x", Type: "A", Data: "192.0.2.2"})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	assert.ErrorContains(t, err, "line: 4")
	_, err = a.ListRecords(ctx, z.ID)
	assert.ErrorContains(t, err, "line: 4")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, broken, string(b))
}

func TestForeignFilesAreIgnored(t *testing.T) {
	ctx := context.Background()
	d := newDriver(t)
	for _, name := range []string{"README", ".hidden.zone", "Upper.Case.zone", ".example.com.zone.tmp-1"} {
		require.NoError(t, os.WriteFile(filepath.Join(d.opts.Dir, name), []byte("x"), 0o644))
	}
	p, err := d.ListZones(ctx, &driver.ListOptions{})
	require.NoError(t, err)
	assert.Empty(t, p.Zones)
	_, err = d.GetZone(ctx, "../etc/passwd")
	assert.ErrorIs(t, err, errs.ErrNotFound)
}

func TestConcurrentWritersKeepEveryChange(t *testing.T) {
	ctx := context.Background()
	d := newDriver(t)
	a := dns.New(d)
	z, err := a.CreateZone(ctx, dns.ZoneSpec{Domain: "busy.example"})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := a.CreateRecord(ctx, z.ID, dns.RecordSpec{Name: "n", Type: "TXT", Data: strings.Repeat("x", i+1)})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	recs, err := a.ListRecords(ctx, z.ID)
	require.NoError(t, err)
	assert.Len(t, recs, 22)
	b, err := os.ReadFile(filepath.Join(d.opts.Dir, "busy.example.zone"))
	require.NoError(t, err)
	assert.Equal(t, time.Now().UTC().Format("20060102")+"21", serialOf(t, string(b)))
}
