package local

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// locate checks the container and key and returns their paths.
func (d *Driver) locate(ctx context.Context, op, name, key string) (cdir, path string, err error) {
	if err := ctx.Err(); err != nil {
		return "", "", errs.Wrap(err, op, name+"/"+key)
	}
	if cdir, err = d.existingContainer(op, name); err != nil {
		return "", "", err
	}
	if path, err = keyPath(cdir, key); err != nil {
		return "", "", errs.Wrap(err, op, name+"/"+key)
	}
	return cdir, path, nil
}

// object returns the file info and meta of the object key at path, or
// errs.NotFound: a key needs a regular file, a marker key a marker
// directory.
func (d *Driver) object(op, cdir, key, path string) (fs.FileInfo, *meta, error) {
	if isMarkerKey(key) {
		fi, m, ok, err := d.markerInfo(cdir, key, path)
		if err != nil {
			return nil, nil, errs.Wrap(err, op, key)
		}
		if !ok {
			return nil, nil, errs.Errorf(errs.NotFound, op, key, "no directory marker %q", key)
		}
		return fi, m, nil
	}
	fi, err := os.Stat(path)
	if isNotExist(err) || (err == nil && !fi.Mode().IsRegular()) {
		return nil, nil, errs.Errorf(errs.NotFound, op, key, "object %q does not exist", key)
	}
	if err != nil {
		return nil, nil, mapErr(op, key, err)
	}
	m, err := d.meta.get(cdir, key, path)
	if err != nil && !isNotExist(err) {
		return nil, nil, err
	}
	return fi, m, nil
}

// markerInfo reports whether the directory at path is the marker key: it
// is one if it was written as a marker or if it is empty.
func (d *Driver) markerInfo(cdir, key, path string) (fs.FileInfo, *meta, bool, error) {
	fi, err := os.Stat(path)
	if isNotExist(err) || (err == nil && !fi.IsDir()) {
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, mapErr("local.marker", key, err)
	}
	m, err := d.meta.get(cdir, key, path)
	if err != nil && !isNotExist(err) {
		return nil, nil, false, err
	}
	if m != nil && m.Marker {
		return fi, m, true, nil
	}
	empty, err := emptyDir(path)
	return fi, m, empty, err
}

// emptyDir reports whether dir has no entries.
func emptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if isNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, mapErr("local.marker", dir, err)
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return true, nil
	}
	return false, nil
}

// Stat implements driver.Driver.
func (d *Driver) Stat(ctx context.Context, name, key string) (*driver.Attributes, error) {
	const op = "local.Stat"
	cdir, path, err := d.locate(ctx, op, name, key)
	if err != nil {
		return nil, err
	}
	fi, m, err := d.object(op, cdir, key, path)
	if err != nil {
		return nil, err
	}
	return attributes(key, fi, m), nil
}

// Delete implements driver.Driver. Directories left empty are removed up
// to the container, except directory markers. Deleting a marker whose
// directory still holds objects only removes the marker.
func (d *Driver) Delete(ctx context.Context, name, key string) error {
	const op = "local.Delete"
	cdir, path, err := d.locate(ctx, op, name, key)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, _, err := d.object(op, cdir, key, path); err != nil {
		return err
	}
	// A marker directory that still holds objects stays as a plain
	// directory; only its marker metadata goes.
	if err := os.Remove(path); err != nil && !isNotExist(err) && !isMarkerKey(key) {
		return mapErr(op, key, err)
	}
	if err := d.meta.del(cdir, key, path); err != nil {
		return err
	}
	d.pruneParents(cdir, filepath.Dir(path))
	return d.syncDir(filepath.Dir(path))
}

// pruneParents removes dir and its parents while they are empty, stopping
// at the container and at directory markers. Callers hold d.mu.
func (d *Driver) pruneParents(cdir, dir string) {
	for dir != cdir && len(dir) > len(cdir) {
		key, ok := pathKey(cdir, dir, true)
		if !ok {
			return
		}
		if m, _ := d.meta.get(cdir, key, dir); m != nil && m.Marker {
			return
		}
		if os.Remove(dir) != nil {
			return // not empty, or gone
		}
		_ = d.meta.del(cdir, key, dir)
		dir = filepath.Dir(dir)
	}
}

// SetMetadata implements driver.Driver. A new mtime is set on the file
// itself; the stored ETag stays valid.
func (d *Driver) SetMetadata(ctx context.Context, name, key string, u *driver.MetadataUpdate) error {
	const op = "local.SetMetadata"
	cdir, path, err := d.locate(ctx, op, name, key)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fi, old, err := d.object(op, cdir, key, path)
	if err != nil {
		return err
	}
	m := &meta{ContentType: u.ContentType, Metadata: cleanMetadata(u.Metadata), StoredNs: time.Now().UnixNano()}
	if fi.IsDir() {
		m.Marker, m.ModTimeNs = true, fi.ModTime().UnixNano()
		if old != nil && old.ModTimeNs != 0 {
			m.ModTimeNs = old.ModTimeNs
		}
		if !u.ModTime.IsZero() {
			m.ModTimeNs = u.ModTime.UnixNano()
		}
		return d.meta.set(cdir, key, path, m)
	}
	etagValid := old != nil && old.ETag != "" && old.Size == fi.Size() && old.MtimeNs == fi.ModTime().UnixNano()
	if !u.ModTime.IsZero() {
		if err := os.Chtimes(path, time.Time{}, u.ModTime); err != nil {
			return mapErr(op, key, err)
		}
		if fi, err = os.Stat(path); err != nil {
			return mapErr(op, key, err)
		}
	}
	if etagValid {
		m.ETag = old.ETag
		m.stamp(fi)
	}
	return d.meta.set(cdir, key, path, m)
}

// syncDir fsyncs a directory so that renames and removals in it last.
func (d *Driver) syncDir(dir string) error {
	if !d.sync {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil // gone: nothing to make durable
	}
	defer f.Close()
	_ = f.Sync() // some filesystems refuse fsync on directories
	return nil
}
