package local

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Copy implements driver.Copier by copying the file through a temporary
// file, as a write would, with the source's metadata and mtime unless
// opts replaces them. The copy's ETag is computed afresh.
func (d *Driver) Copy(ctx context.Context, dstName, dstKey, srcName, srcKey string, opts *driver.CopyOptions) error {
	if err := checkKey(dstKey); err != nil {
		return err
	}
	r, err := d.NewRangeReader(ctx, srcName, srcKey, 0, -1, nil)
	if err != nil {
		return err
	}
	defer r.Close()
	a := r.Attributes()
	wo := &driver.WriterOptions{ContentType: a.ContentType, Metadata: a.Metadata, ModTime: a.ModTime, SizeHint: a.Size}
	if opts != nil && opts.ReplaceMetadata != nil {
		m := opts.ReplaceMetadata
		wo.ContentType, wo.Metadata = m.ContentType, m.Metadata
		if !m.ModTime.IsZero() {
			wo.ModTime = m.ModTime
		}
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := d.NewWriter(wctx, dstName, dstKey, wo)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		cancel()
		_ = w.Close() // fails, and removes the temporary file
		return err
	}
	return w.Close()
}

// Rename implements driver.Renamer with os.Rename, which is atomic: the
// file keeps its mtime and xattrs, and a sidecar moves after it. A
// directory marker cannot move that way (its directory holds other keys),
// so a rename from or to a marker key copies then deletes.
func (d *Driver) Rename(ctx context.Context, name, srcKey, dstKey string) error {
	const op = "local.Rename"
	cdir, src, err := d.locate(ctx, op, name, srcKey)
	if err != nil {
		return err
	}
	dst, err := keyPath(cdir, dstKey)
	if err != nil {
		return err
	}
	if isMarkerKey(srcKey) || isMarkerKey(dstKey) {
		if err := d.Copy(ctx, name, dstKey, name, srcKey, nil); err != nil {
			return err
		}
		return d.Delete(ctx, name, srcKey)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, _, err := d.object(op, cdir, srcKey, src); err != nil {
		return err
	}
	if err := conflict(op, cdir, dstKey, dst); err != nil {
		return err
	}
	undo, err := d.mkdirParents(op, cdir, dstKey, dst)
	if err != nil {
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		undo()
		return conflictOr(op, cdir, dstKey, dst, err)
	}
	if err := d.meta.moved(cdir, srcKey, dstKey, dst); err != nil {
		return err
	}
	d.pruneParents(cdir, filepath.Dir(src))
	if err := d.syncDir(filepath.Dir(dst)); err != nil {
		return err
	}
	return d.syncDir(filepath.Dir(src))
}
