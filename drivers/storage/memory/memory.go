// Package memory is a storage driver that keeps every container and object
// in memory. It passes the conformance suite (drivers/storage/drivertest)
// and is what the fs/ and sync/ unit tests run on; the "memory" account
// type in the config opens it too.
//
// Objects are immutable snapshots: a write buffers its bytes and swaps the
// new object in on Close, so readers keep the version they opened. ETags
// are the hex MD5 of the content. Tests can inject faults and count calls
// through FailNext, SetFault and Calls (see faults.go).
package memory

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"maps"
	"mime"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Driver is an in-memory storage account, safe for concurrent use.
type Driver struct {
	mu         sync.RWMutex
	containers map[string]*container
	faults     faults
}

type container struct {
	created time.Time
	objects map[string]*object
	keys    []string // sorted keys of objects
}

// object is never modified once stored; updates replace it.
type object struct {
	data         []byte
	md5          []byte
	etag         string
	contentType  string
	metadata     map[string]string
	modTime      time.Time
	lastModified time.Time
}

var (
	_ driver.Driver  = (*Driver)(nil)
	_ driver.Copier  = (*Driver)(nil)
	_ driver.Renamer = (*Driver)(nil)
)

// New returns an empty in-memory account.
func New() *Driver {
	return &Driver{containers: map[string]*container{}}
}

// Open returns a new, empty in-memory account. It takes no options.
func Open(ctx context.Context, p params.Params) (driver.Driver, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "open memory", p.Account)
	}
	return New(), nil
}

// Capabilities implements driver.Driver.
func (d *Driver) Capabilities() driver.Capabilities {
	return driver.Capabilities{ConditionalWrite: true, ConditionalRead: true, MetadataMtime: true}
}

// Close implements driver.Driver. The contents stay readable; the portable
// Account refuses calls after Close.
func (d *Driver) Close() error { return nil }

// enter is the preamble of every operation: check ctx, then count the
// call and consult the fault hooks.
func (d *Driver) enter(ctx context.Context, op Op, container, key string) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, "memory."+string(op), container+"/"+key)
	}
	return d.faults.hit(op, container, key)
}

// bucket returns the container or errs.NotFound. Callers hold d.mu.
func (d *Driver) bucket(op, name string) (*container, error) {
	c, ok := d.containers[name]
	if !ok {
		return nil, errs.Errorf(errs.NotFound, op, name, "container %q does not exist", name)
	}
	return c, nil
}

// lookup returns the object or errs.NotFound. Callers hold d.mu.
func (d *Driver) lookup(op, name, key string) (*container, *object, error) {
	c, err := d.bucket(op, name)
	if err != nil {
		return nil, nil, err
	}
	o, ok := c.objects[key]
	if !ok {
		return c, nil, errs.Errorf(errs.NotFound, op, name+"/"+key, "object does not exist")
	}
	return c, o, nil
}

// put stores o at key, keeping c.keys sorted. Callers hold d.mu for writing.
func (c *container) put(key string, o *object) {
	if _, ok := c.objects[key]; !ok {
		i := sort.SearchStrings(c.keys, key)
		c.keys = append(c.keys, "")
		copy(c.keys[i+1:], c.keys[i:])
		c.keys[i] = key
	}
	c.objects[key] = o
}

// remove deletes key. Callers hold d.mu for writing.
func (c *container) remove(key string) {
	if _, ok := c.objects[key]; !ok {
		return
	}
	delete(c.objects, key)
	i := sort.SearchStrings(c.keys, key)
	c.keys = append(c.keys[:i], c.keys[i+1:]...)
}

// newObject builds an object from its content and metadata.
func newObject(data []byte, contentType string, md map[string]string, modTime time.Time, key string) *object {
	sum := md5.Sum(data)
	now := now()
	if modTime.IsZero() {
		modTime = now
	}
	return &object{
		data:         data,
		md5:          sum[:],
		etag:         hex.EncodeToString(sum[:]),
		contentType:  defaultContentType(contentType, key),
		metadata:     cleanMetadata(md),
		modTime:      modTime,
		lastModified: now,
	}
}

func (o *object) attributes() *driver.Attributes {
	return &driver.Attributes{
		Size:         int64(len(o.data)),
		ModTime:      o.modTime,
		LastModified: o.lastModified,
		ETag:         o.etag,
		MD5:          append([]byte(nil), o.md5...),
		ContentType:  o.contentType,
		Metadata:     maps.Clone(o.metadata),
	}
}

// cleanMetadata copies md with lower-case keys and without the mtime key,
// which lives in ModTime.
func cleanMetadata(md map[string]string) map[string]string {
	out := make(map[string]string, len(md))
	for k, v := range md {
		k = strings.ToLower(k)
		if k != driver.MtimeKey {
			out[k] = v
		}
	}
	return out
}

// defaultContentType guesses from the key's extension when none is given.
func defaultContentType(ct, key string) string {
	if ct != "" {
		return ct
	}
	if t := mime.TypeByExtension(path.Ext(key)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// now is the store's clock; objects record it as LastModified.
func now() time.Time { return time.Now() }
