package zonefile

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

const suffix = ".zone"

// path is the file of a domain. The domain must be normalised.
func (d *Driver) path(domain string) string {
	return filepath.Join(d.opts.Dir, domain+suffix)
}

// domainOf returns the domain a file name holds, if it is a zone file.
func domainOf(name string) (string, bool) {
	if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, suffix) {
		return "", false
	}
	domain := strings.TrimSuffix(name, suffix)
	n, err := zonefmt.NormalizeDomain(domain)
	return domain, err == nil && n == domain
}

// checkID checks a zone ID (a normalised domain), so that it cannot name
// a file outside the directory.
func checkID(op, id string) error {
	if n, err := zonefmt.NormalizeDomain(id); err != nil || n != id {
		return errs.E(errs.NotFound, op, id, nil)
	}
	return nil
}

// zoneFile is a zone file as read from disk.
type zoneFile struct {
	zone    driver.Zone
	records []driver.Record // canonical, with IDs, in zone order
}

// readZone reads the zone's metadata only: the $TTL.
func (d *Driver) readZone(op, domain string) (*driver.Zone, error) {
	if err := checkID(op, domain); err != nil {
		return nil, err
	}
	f, err := os.Open(d.path(domain))
	if err != nil {
		return nil, classify(err, op, domain)
	}
	defer f.Close()
	z := &driver.Zone{ID: domain, Domain: domain, Type: driver.ZoneMaster, TTL: zonefmt.DefaultTTL,
		Extra: map[string]string{"file": d.path(domain)}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && strings.EqualFold(fields[0], "$TTL") {
			if ttl, ok := parseTTL(fields[1]); ok {
				z.TTL = ttl
			}
			break
		}
	}
	return z, nil
}

// read reads and parses the zone file.
func (d *Driver) read(op, domain string) (*zoneFile, error) {
	z, err := d.readZone(op, domain)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(d.path(domain))
	if err != nil {
		return nil, classify(err, op, domain)
	}
	recs, err := zonefmt.Parse(*z, string(b))
	if err != nil {
		return nil, errs.Wrap(err, op, d.path(domain))
	}
	for i := range recs {
		recs[i].ID = recordID(recs[i])
	}
	zonefmt.Sort(recs)
	return &zoneFile{zone: *z, records: recs}, nil
}

// write bumps the serial and rewrites the file atomically.
func (d *Driver) write(op string, zf *zoneFile, noClobber bool) error {
	bumpSerial(zf, time.Now())
	text := zonefmt.Write(zf.zone, zf.records)
	return writeAtomic(op, d.path(zf.zone.Domain), []byte(text), noClobber)
}

// bumpSerial moves the SOA serial on, adding an SOA if the file has none.
func bumpSerial(zf *zoneFile, now time.Time) {
	for i, r := range zf.records {
		f := strings.Fields(r.Data)
		if r.Type != driver.SOA || len(f) != 7 {
			continue
		}
		old, _ := strconv.ParseUint(f[2], 10, 32)
		f[2] = strconv.FormatUint(uint64(NextSerial(uint32(old), now)), 10)
		zf.records[i].Data = strings.Join(f, " ")
		zf.records[i].ID = recordID(zf.records[i])
		return
	}
	d := zf.zone.Domain
	soa := driver.Record{Type: driver.SOA, TTL: zf.zone.TTL,
		Data: "ns1." + d + ". hostmaster." + d + ". " + strconv.FormatUint(uint64(NextSerial(0, now)), 10) + " 3600 900 1209600 300"}
	soa.ID = recordID(soa)
	zf.records = append([]driver.Record{soa}, zf.records...)
}

// recordID is a record's ID: a hash of its identity, so it stays the same
// across reads of a file and across TTL changes.
func recordID(r driver.Record) string {
	key := zonefmt.Key(r)
	if r.Type == driver.SOA {
		key = "SOA" // one per zone, whatever its serial
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

// writeAtomic writes data to path through a temporary file in the same
// directory: write, fsync, then rename (or, with noClobber, link, which
// fails if path exists), then fsync the directory.
func writeAtomic(op, path string, data []byte, noClobber bool) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return classify(err, op, path)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return classify(err, op, path)
	}
	if noClobber {
		err = os.Link(tmp, path)
		_ = os.Remove(tmp)
	} else {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return classify(err, op, path)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return classify(err, "zonefile.syncDir", dir)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return classify(err, "zonefile.syncDir", dir)
	}
	return nil
}

// classify gives a filesystem error its errs kind.
func classify(err error, op, res string) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errs.E(errs.NotFound, op, res, err)
	case errors.Is(err, fs.ErrExist):
		return errs.E(errs.AlreadyExists, op, res, err)
	case errors.Is(err, fs.ErrPermission):
		return errs.E(errs.PermissionDenied, op, res, err)
	}
	return errs.Wrap(err, op, res)
}

// parseTTL reads a $TTL value: seconds, or BIND units ("1h30m", "2d").
func parseTTL(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n > 0
	}
	total, num := 0, 0
	digits := false
	for _, c := range strings.ToLower(s) {
		if c >= '0' && c <= '9' {
			num, digits = num*10+int(c-'0'), true
			continue
		}
		unit := map[rune]int{'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}[c]
		if unit == 0 || !digits {
			return 0, false
		}
		total, num, digits = total+num*unit, 0, false
	}
	return total, total > 0 && !digits
}
