package fusefs

import (
	"context"
	"sync/atomic"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// calls counts the driver calls that matter for cost.
type calls struct {
	stat, list, read, write, setMeta, copy, rename, del atomic.Int64
}

func (c *calls) reset() {
	for _, n := range []*atomic.Int64{&c.stat, &c.list, &c.read, &c.write, &c.setMeta, &c.copy, &c.rename, &c.del} {
		n.Store(0)
	}
}

// countCalls wraps d so that c counts its calls. The wrapper has the same
// optional capabilities as d (server-side copy, native rename), so the
// portable Account sees the same features.
func countCalls(d driver.Driver, c *calls) driver.Driver {
	base := &counting{Driver: d, c: c}
	cp, hasCopy := d.(driver.Copier)
	rn, hasRename := d.(driver.Renamer)
	switch {
	case hasCopy && hasRename:
		return &countingCR{countingC{base, cp}, rn}
	case hasCopy:
		return &countingC{base, cp}
	}
	return base
}

type counting struct {
	driver.Driver
	c *calls
}

func (d *counting) Stat(ctx context.Context, container, key string) (*driver.Attributes, error) {
	d.c.stat.Add(1)
	return d.Driver.Stat(ctx, container, key)
}

func (d *counting) ListObjects(ctx context.Context, container string, opts *driver.ListOptions) (*driver.ListPage, error) {
	d.c.list.Add(1)
	return d.Driver.ListObjects(ctx, container, opts)
}

func (d *counting) NewRangeReader(ctx context.Context, container, key string, off, n int64, o *driver.ReaderOptions) (driver.Reader, error) {
	d.c.read.Add(1)
	return d.Driver.NewRangeReader(ctx, container, key, off, n, o)
}

func (d *counting) NewWriter(ctx context.Context, container, key string, o *driver.WriterOptions) (driver.Writer, error) {
	d.c.write.Add(1)
	return d.Driver.NewWriter(ctx, container, key, o)
}

func (d *counting) SetMetadata(ctx context.Context, container, key string, u *driver.MetadataUpdate) error {
	d.c.setMeta.Add(1)
	return d.Driver.SetMetadata(ctx, container, key, u)
}

func (d *counting) Delete(ctx context.Context, container, key string) error {
	d.c.del.Add(1)
	return d.Driver.Delete(ctx, container, key)
}

type countingC struct {
	*counting
	cp driver.Copier
}

var _ driver.Copier = (*countingC)(nil)

func (d *countingC) Copy(ctx context.Context, dc, dk, sc, sk string, o *driver.CopyOptions) error {
	d.c.copy.Add(1)
	return d.cp.Copy(ctx, dc, dk, sc, sk, o)
}

type countingCR struct {
	countingC
	rn driver.Renamer
}

var _ driver.Renamer = (*countingCR)(nil)

func (d *countingCR) Rename(ctx context.Context, container, src, dst string) error {
	d.c.rename.Add(1)
	return d.rn.Rename(ctx, container, src, dst)
}
