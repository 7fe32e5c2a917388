package resfs

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"
)

// item is one file of a listing: its name and content.
type item struct {
	name string
	data []byte
}

// listCache keeps a folder's listing for a short TTL. One load runs at a
// time; callers that arrive meanwhile wait for it and share its result.
type listCache struct {
	ttl  time.Duration
	load func(ctx context.Context) ([]item, error)

	fill sync.Mutex // held while loading

	mu    sync.Mutex
	items map[string][]byte
	at    time.Time // zero: nothing cached
}

func newListCache(ttl time.Duration, load func(ctx context.Context) ([]item, error)) *listCache {
	return &listCache{ttl: ttl, load: load}
}

// get returns the listing, loading it if it is older than the TTL.
// loaded reports whether this call (or one it waited for) asked the
// provider, so that the answer is as fresh as it gets.
func (c *listCache) get(ctx context.Context) (items map[string][]byte, loaded bool, err error) {
	if m, ok := c.cached(); ok {
		return m, false, nil
	}
	c.fill.Lock()
	defer c.fill.Unlock()
	if m, ok := c.cached(); ok { // loaded while we waited
		return m, true, nil
	}
	list, err := c.load(ctx)
	if err != nil {
		return nil, false, err
	}
	m := make(map[string][]byte, len(list))
	for _, it := range list {
		if _, dup := m[it.name]; !dup {
			m[it.name] = it.data
		}
	}
	c.mu.Lock()
	c.items, c.at = m, time.Now()
	c.mu.Unlock()
	return m, true, nil
}

func (c *listCache) cached() (map[string][]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at.IsZero() || time.Since(c.at) >= c.ttl {
		return nil, false
	}
	return c.items, true
}

// names returns the sorted names of a listing.
func names(m map[string][]byte) []string { return slices.Sorted(maps.Keys(m)) }

// invalidate drops the listing: the next get asks the provider.
func (c *listCache) invalidate() {
	c.mu.Lock()
	c.at = time.Time{}
	c.mu.Unlock()
}
