// Package zonefile is a DNS driver for people who serve zones from files
// with BIND, Knot, NSD or CoreDNS: each zone is a standard zone file,
// <dir>/<zone>.zone (the domain in ASCII, lower case, without the
// trailing dot: "example.com.zone", "xn--bcher-kva.example.zone"). The
// zone's ID is its domain.
//
// Every call reads the file afresh, so hand edits between calls are seen.
// Every change rewrites the whole file atomically (a temporary file in the
// same directory, fsync, rename, fsync of the directory) and bumps the SOA
// serial: YYYYMMDDnn when the serial is date-like or zero, else +1. A file
// that does not parse fails the call with errs.InvalidArgument naming the
// line and is never overwritten. A rewrite keeps the records but not
// comments or layout: the file comes out as zonefmt.Write prints it.
// Changes to one zone are serialised by a mutex per zone within the
// process; two processes editing one directory are not coordinated.
//
// Only master zones are served. The apex NS records are the user's, so
// zone-file import manages them like any other record.
package zonefile

import (
	"context"
	"os"
	"path/filepath"
	"sync"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
)

// Options configures a Driver.
type Options struct {
	// Dir holds the zone files; it is created if missing.
	Dir string
	// Nameserver is the primary name server written into new zones' SOA
	// and apex NS ("" means ns1.<zone>.).
	Nameserver string
	// Hostmaster is the SOA contact of new zones ("" means
	// hostmaster.<zone>.).
	Hostmaster string
}

// Driver serves the zone files in one directory.
type Driver struct {
	opts Options

	mu    sync.Mutex
	locks map[string]*sync.Mutex // per domain
}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.ChangeApplier = (*Driver)(nil)
)

// New returns a driver over opts.Dir, creating the directory if needed.
func New(opts Options) (*Driver, error) {
	if opts.Dir == "" {
		return nil, errs.Errorf(errs.InvalidArgument, "zonefile.New", "", "no directory")
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, classify(err, "zonefile.New", opts.Dir)
	}
	return &Driver{opts: opts, locks: map[string]*sync.Mutex{}}, nil
}

// Open is the registry's constructor. Options: "dir" (default
// <DataDir>/zones), "nameserver" and "hostmaster" (see Options).
func Open(_ context.Context, p params.Params) (driver.Driver, error) {
	def := ""
	if p.DataDir != "" {
		def = filepath.Join(p.DataDir, "zones")
	}
	dir := p.String("dir", def)
	if dir == "" {
		return nil, errs.Errorf(errs.InvalidArgument, "open zonefile", p.Account, "option \"dir\": is required when the account has no data directory")
	}
	return New(Options{Dir: dir, Nameserver: p.String("nameserver", ""), Hostmaster: p.String("hostmaster", "")})
}

// Capabilities implements driver.Driver.
func (d *Driver) Capabilities() driver.Capabilities { return driver.Capabilities{} }

// RecordTypes implements driver.Driver: every type a zone file can hold.
// ALIAS is written as PowerDNS's BIND backend reads it; other servers
// reject it.
func (d *Driver) RecordTypes(ctx context.Context) ([]driver.RecordType, error) {
	return append([]driver.RecordType(nil), driver.RecordTypes...), ctx.Err()
}

// Close implements driver.Driver.
func (d *Driver) Close() error { return nil }

// lock takes the zone's mutex and returns its unlock.
func (d *Driver) lock(domain string) func() {
	d.mu.Lock()
	m, ok := d.locks[domain]
	if !ok {
		m = new(sync.Mutex)
		d.locks[domain] = m
	}
	d.mu.Unlock()
	m.Lock()
	return m.Unlock
}
