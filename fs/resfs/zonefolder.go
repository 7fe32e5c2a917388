package resfs

import (
	"context"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// The files of a zone's folder.
const (
	recordsFile = "records"
	zoneFile    = "zone.json"
)

// hideFor is how long a zone made with mkdir hides its files unless they
// are written or the folder is listed.
const hideFor = time.Minute

// zoneFolder is dns/<account>/<zone>/: records (the zone file) and
// zone.json (the zone's metadata).
type zoneFolder struct {
	a      *dns.Account
	domain string

	mu     sync.Mutex
	id     string               // the zone's ID, once known
	hidden map[string]time.Time // files hidden until, after a mkdir
}

var _ folder = (*zoneFolder)(nil)

func newZoneFolder(a *dns.Account, domain string) *zoneFolder {
	return &zoneFolder{a: a, domain: domain, hidden: map[string]time.Time{}}
}

func (z *zoneFolder) owns(name string) bool { return name == recordsFile || name == zoneFile }

func (z *zoneFolder) limit(name string, def int) int {
	if name == recordsFile {
		return 16 * def
	}
	return def
}

// hide hides both files for a while (a zone made through the mount).
func (z *zoneFolder) hide() {
	z.mu.Lock()
	defer z.mu.Unlock()
	until := time.Now().Add(hideFor)
	z.hidden[recordsFile], z.hidden[zoneFile] = until, until
}

func (z *zoneFolder) isHidden(name string) bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	until, ok := z.hidden[name]
	if ok && time.Now().After(until) {
		delete(z.hidden, name)
		return false
	}
	return ok
}

var _ revealer = (*zoneFolder)(nil)

func (z *zoneFolder) reveal() bool {
	z.mu.Lock()
	defer z.mu.Unlock()
	hid := len(z.hidden) > 0
	clear(z.hidden)
	return hid
}

func (z *zoneFolder) unhide(name string) {
	z.mu.Lock()
	delete(z.hidden, name)
	z.mu.Unlock()
}

// zone reads the zone afresh: by its known ID, else by its domain.
func (z *zoneFolder) zone(ctx context.Context) (*dns.Zone, error) {
	z.mu.Lock()
	id := z.id
	z.mu.Unlock()
	if id != "" {
		zn, err := z.a.GetZone(ctx, id)
		if err == nil && zn.Domain == z.domain {
			return zn, nil
		}
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, err
		}
	}
	zn, err := z.a.ZoneByDomain(ctx, z.domain)
	if err != nil {
		return nil, err
	}
	z.mu.Lock()
	z.id = zn.ID
	z.mu.Unlock()
	return zn, nil
}

func (z *zoneFolder) list(ctx context.Context) ([]item, error) {
	var out []item
	for _, name := range []string{recordsFile, zoneFile} {
		if z.isHidden(name) {
			continue
		}
		data, err := z.get(ctx, name)
		if err != nil {
			return nil, err
		}
		out = append(out, item{name, data})
	}
	return out, nil
}

func (z *zoneFolder) get(ctx context.Context, name string) ([]byte, error) {
	if z.isHidden(name) {
		return nil, noSuchFile("zone", name)
	}
	zn, err := z.zone(ctx)
	if err != nil {
		return nil, err
	}
	if name == zoneFile {
		return render(zn), nil
	}
	text, err := z.a.Export(ctx, zn.ID)
	return []byte(text), err
}

// create writes a file of a zone made with mkdir: the whole records file
// is applied, and zone.json updates what differs.
func (z *zoneFolder) create(ctx context.Context, name string, data []byte) error {
	if err := z.update(ctx, name, nil, data); err != nil {
		return err
	}
	z.unhide(name)
	return nil
}

func (z *zoneFolder) update(ctx context.Context, name string, base, data []byte) error {
	if name == zoneFile {
		return z.putZone(ctx, base, data)
	}
	return z.putRecords(ctx, base, data)
}

// remove of records deletes every record but the SOA and the apex NS
// (what rm -r does before rmdir). remove of zone.json does nothing: the
// file comes back, and rmdir deletes the zone.
func (z *zoneFolder) remove(ctx context.Context, name string) error {
	if name == zoneFile {
		return nil
	}
	return z.clearRecords(ctx)
}
