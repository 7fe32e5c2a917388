package vfs

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countLookups counts the requests a lookup can make.
type countLookups struct {
	driver.Driver
	stats, lists atomic.Int64
}

func (d *countLookups) Stat(ctx context.Context, c, k string) (*driver.Attributes, error) {
	d.stats.Add(1)
	return d.Driver.Stat(ctx, c, k)
}

func (d *countLookups) ListObjects(ctx context.Context, c string, o *driver.ListOptions) (*driver.ListPage, error) {
	d.lists.Add(1)
	return d.Driver.ListObjects(ctx, c, o)
}

// newClockVFS is a VFS over a counted memory driver whose cache runs on
// a clock the test moves.
func newClockVFS(t *testing.T) (*testVFS, *countLookups, *time.Time) {
	t.Helper()
	mem := memory.New()
	drv := &countLookups{Driver: mem}
	acct := storage.New("mem", drv)
	ctx := context.Background()
	require.NoError(t, acct.CreateContainer(ctx, "bkt"))
	v, err := New(map[string]*storage.Account{"mem": acct}, Options{CacheDir: t.TempDir(), DirCacheTime: time.Minute})
	require.NoError(t, err)
	t.Cleanup(func() { _ = v.Close(ctx) })
	now := time.Now()
	v.meta.now = func() time.Time { return now }
	return &testVFS{VFS: v, t: t, drv: mem, acct: acct, ctx: ctx}, drv, &now
}

// New names in a directory the mount made, looked up after its listing
// went stale: one listing answers them all, not three requests each.
func TestLookupRelistsLapsedDirectory(t *testing.T) {
	tv, drv, now := newClockVFS(t)
	_, err := tv.Mkdir(tv.ctx, p("d"), 0o755)
	require.NoError(t, err)
	tv.writeFile("d/a", []byte("a"), 1)
	mode := uint32(0o751)
	_, err = tv.Setattr(tv.ctx, p("d/a"), nil, SetAttr{Mode: &mode})
	require.NoError(t, err)
	tv.Settle() // the queued chmod is stored
	tv.put("d/other", []byte("written by another client"))

	*now = now.Add(61 * time.Second) // the mkdir's "empty" has lapsed
	drv.stats.Store(0)
	drv.lists.Store(0)
	for i := range 50 {
		_, err := tv.Stat(tv.ctx, p(fmt.Sprintf("d/new%d", i)))
		require.Equal(t, syscall.ENOENT, err)
	}
	assert.Equal(t, int64(1), drv.lists.Load(), "one listing")
	assert.Zero(t, drv.stats.Load(), "no HEAD")
	a, err := tv.Getattr(tv.ctx, p("d/a"))
	require.NoError(t, err)
	assert.Equal(t, uint32(0o751), a.Mode, "a getattr still gets the stored mode, not the listing's default")
	assert.Equal(t, int64(1), drv.stats.Load(), "one HEAD for it")
	a, err = tv.Stat(tv.ctx, p("d/other"))
	require.NoError(t, err, "the listing found another client's object")
	assert.Equal(t, int64(25), a.Size)

	// Long after the listing went stale, a lookup asks about the one name.
	*now = now.Add(10 * time.Minute)
	drv.stats.Store(0)
	drv.lists.Store(0)
	_, err = tv.Stat(tv.ctx, p("d/late"))
	require.Equal(t, syscall.ENOENT, err)
	assert.Equal(t, int64(2), drv.stats.Load(), "the file and symlink HEADs")
	assert.Equal(t, int64(1), drv.lists.Load(), "the directory probe")
}

// A directory of more than relistMaxPages pages is not listed again for
// a lookup.
func TestLookupDoesNotRelistLargeDirectory(t *testing.T) {
	tv, drv, now := newClockVFS(t)
	n := relistMaxPages*1000 + 1 // the memory driver's pages hold 1,000
	for i := range n {
		tv.put(fmt.Sprintf("big/f%05d", i), nil)
	}
	ds, err := tv.OpenDir(tv.ctx, p("big"))
	require.NoError(t, err)
	count := 0
	for {
		_, ok, err := ds.Next(tv.ctx)
		require.NoError(t, err)
		if !ok {
			break
		}
		count++
	}
	require.Equal(t, n, count)
	_, err = tv.Stat(tv.ctx, p("big/missing"))
	require.Equal(t, syscall.ENOENT, err)

	*now = now.Add(61 * time.Second)
	drv.lists.Store(0)
	_, err = tv.Stat(tv.ctx, p("big/missing2"))
	require.Equal(t, syscall.ENOENT, err)
	assert.Equal(t, int64(1), drv.lists.Load(), "the directory probe only")

	// A directory that outgrew the limit since its last listing stops
	// being relisted as soon as that shows.
	_, err = tv.Mkdir(tv.ctx, p("grew"), 0o755)
	require.NoError(t, err)
	for i := range n {
		tv.put(fmt.Sprintf("grew/f%05d", i), nil)
	}
	*now = now.Add(61 * time.Second)
	drv.lists.Store(0)
	_, err = tv.Stat(tv.ctx, p("grew/missing"))
	require.Equal(t, syscall.ENOENT, err)
	lists := drv.lists.Load()
	assert.LessOrEqual(t, lists, int64(relistMaxPages+2), "stopped after the limit")
	_, err = tv.Stat(tv.ctx, p("grew/missing2"))
	require.Equal(t, syscall.ENOENT, err)
	assert.Equal(t, lists+1, drv.lists.Load(), "then only the directory probe")
}

// A file open while its directory is relisted is still found once it is
// closed: the listing cached its object too.
func TestRelistKeepsOpenFiles(t *testing.T) {
	tv, _, now := newClockVFS(t)
	tv.put("d/x", []byte("x"))
	require.NotEmpty(t, tv.names("d"))
	h, err := tv.Open(tv.ctx, p("d/x"), os.O_RDONLY)
	require.NoError(t, err)
	*now = now.Add(61 * time.Second)
	_, err = tv.Stat(tv.ctx, p("d/new"))
	require.Equal(t, syscall.ENOENT, err)
	require.True(t, tv.meta.complete(p("d")), "relisted")
	require.NoError(t, h.Release(tv.ctx))
	_, err = tv.Stat(tv.ctx, p("d/x"))
	assert.NoError(t, err)

	// The same with a readdir, which shows the open file itself.
	h, err = tv.Open(tv.ctx, p("d/x"), os.O_RDONLY)
	require.NoError(t, err)
	*now = now.Add(61 * time.Second)
	assert.Equal(t, []string{"x"}, tv.names("d"))
	require.True(t, tv.meta.complete(p("d")), "listed")
	require.NoError(t, h.Release(tv.ctx))
	_, err = tv.Stat(tv.ctx, p("d/x"))
	assert.NoError(t, err)
}

// A listing does not undo what happened while it ran: a name removed
// after it started stays removed, and a forget (a directory moved in)
// keeps it from marking the directory complete.
func TestListingOlderThanChanges(t *testing.T) {
	c := newMetaCache(time.Minute)
	now := time.Now()
	c.now = func() time.Time { return now }
	dir := p("d")
	start, inval := now, c.invalidations()
	now = now.Add(time.Millisecond)
	c.putNeg(dir.Child("gone"))
	c.putListed(dir.Child("gone"), Attr{Kind: KindFile, Size: 1}, 7, start, false)
	_, neg, ok := c.get(dir.Child("gone"))
	assert.True(t, ok && neg, "still gone")
	c.forgetTree(dir.Child("moved-in"))
	c.markComplete(dir, start, 1, inval)
	assert.False(t, c.complete(dir))
	c.markComplete(dir, now, 1, c.invalidations())
	assert.True(t, c.complete(dir))
}
