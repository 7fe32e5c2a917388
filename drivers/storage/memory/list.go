package memory

import (
	"context"
	"sort"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// ListObjects implements driver.Driver. The page token is the last key
// or folded prefix returned; the next page starts after it, skipping every
// key folded into it.
func (d *Driver) ListObjects(ctx context.Context, name string, opts *driver.ListOptions) (*driver.ListPage, error) {
	if err := d.enter(ctx, OpList, name, opts.Prefix); err != nil {
		return nil, err
	}
	size := opts.PageSize
	if size <= 0 {
		size = defaultPageSize
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	c, err := d.bucket("memory.ListObjects", name)
	if err != nil {
		return nil, err
	}
	keys := c.keys
	start := opts.Prefix
	if opts.PageToken > start {
		start = opts.PageToken
	}
	i := sort.SearchStrings(keys, start)
	page := &driver.ListPage{}
	for i < len(keys) {
		k := keys[i]
		if !strings.HasPrefix(k, opts.Prefix) {
			break
		}
		if k <= opts.PageToken {
			i++
			continue
		}
		if p, ok := fold(k, opts.Prefix, opts.Delimiter); ok {
			// Skip every key under p in one search: they are contiguous.
			rest := keys[i:]
			i += sort.Search(len(rest), func(j int) bool {
				return rest[j] >= p && !strings.HasPrefix(rest[j], p)
			})
			if p <= opts.PageToken {
				continue // returned on an earlier page
			}
			if len(page.Objects) == size {
				page.NextPageToken = page.Objects[size-1].Key
				return page, nil
			}
			page.Objects = append(page.Objects, driver.ObjectInfo{Key: p, IsPrefix: true})
			continue
		}
		if len(page.Objects) == size {
			page.NextPageToken = page.Objects[size-1].Key
			return page, nil
		}
		o := c.objects[k]
		page.Objects = append(page.Objects, driver.ObjectInfo{
			Key: k, Size: int64(len(o.data)), ModTime: o.modTime, ETag: o.etag,
		})
		i++
	}
	return page, nil
}

// fold returns the prefix that key folds into under delim, if any.
func fold(key, prefix, delim string) (string, bool) {
	if delim == "" {
		return "", false
	}
	rest := key[len(prefix):]
	j := strings.Index(rest, delim)
	if j < 0 {
		return "", false
	}
	return prefix + rest[:j+len(delim)], true
}
