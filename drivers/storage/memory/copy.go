package memory

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Copy implements driver.Copier. Objects are immutable, so the copy
// shares the source's bytes.
func (d *Driver) Copy(ctx context.Context, dstName, dstKey, srcName, srcKey string, opts *driver.CopyOptions) error {
	if err := d.enter(ctx, OpCopy, srcName, srcKey); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	_, src, err := d.lookup("memory.Copy", srcName, srcKey)
	if err != nil {
		return err
	}
	dst, err := d.bucket("memory.Copy", dstName)
	if err != nil {
		return err
	}
	o := *src
	o.lastModified = now()
	if opts != nil && opts.ReplaceMetadata != nil {
		o = *o.withMetadata(opts.ReplaceMetadata, dstKey)
	}
	dst.put(dstKey, &o)
	return nil
}

// Rename implements driver.Renamer, atomically.
func (d *Driver) Rename(ctx context.Context, name, srcKey, dstKey string) error {
	if err := d.enter(ctx, OpRename, name, srcKey); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c, o, err := d.lookup("memory.Rename", name, srcKey)
	if err != nil {
		return err
	}
	c.remove(srcKey)
	c.put(dstKey, o)
	return nil
}
