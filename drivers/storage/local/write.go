package local

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"hash"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// NewWriter implements driver.Driver. Bytes go to a temporary file in the
// container's .cloudfs-tmp folder; Close fsyncs it, sets its mtime and
// metadata and renames it into place. A marker key ("a/") takes no bytes
// and makes the directory on Close.
func (d *Driver) NewWriter(ctx context.Context, name, key string, opts *driver.WriterOptions) (driver.Writer, error) {
	const op = "local.NewWriter"
	cdir, path, err := d.locate(ctx, op, name, key)
	if err != nil {
		return nil, err
	}
	if err := conflict(op, cdir, key, path); err != nil {
		return nil, err
	}
	o := *opts
	o.Metadata = cleanMetadata(opts.Metadata)
	w := &writer{d: d, ctx: ctx, cdir: cdir, key: key, path: path, opts: o, hash: md5.New()}
	if !isMarkerKey(key) {
		if w.f, err = newTemp(cdir); err != nil {
			return nil, mapErr(op, key, err)
		}
	}
	return w, nil
}

// newTemp makes a temporary file in cdir's staging folder, with the
// usual 0666 &^ umask mode (os.CreateTemp would make it 0600). Its name
// carries its start time for removeStaleTemps.
func newTemp(cdir string) (*os.File, error) {
	dir := filepath.Join(cdir, tmpDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for {
		var rnd [8]byte
		_, _ = rand.Read(rnd[:])
		name := "w-" + strconv.FormatInt(time.Now().UnixNano(), 10) + "-" + hex.EncodeToString(rnd[:])
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !os.IsExist(err) {
			return f, err
		}
	}
}

// conflict reports, as errs.AlreadyExists, a key that cannot be stored
// because of the file/directory split: a file where one of its parent
// directories would go, or a directory (with keys beneath) at a file key.
func conflict(op, cdir, key, path string) error {
	if fi, err := os.Stat(path); err == nil {
		if isMarkerKey(key) && !fi.IsDir() {
			return errs.Errorf(errs.AlreadyExists, op, key, "%q is a file here, so it cannot be a directory marker", key[:len(key)-1])
		}
		if !isMarkerKey(key) && fi.IsDir() {
			return errs.Errorf(errs.AlreadyExists, op, key, "%q is a directory here (keys exist under %q), so it cannot be an object", key, key+"/")
		}
		return nil
	}
	for dir := filepath.Dir(path); len(dir) > len(cdir); dir = filepath.Dir(dir) {
		fi, err := os.Stat(dir)
		if err != nil {
			continue // missing: a parent may be the culprit
		}
		if !fi.IsDir() {
			k, _ := pathKey(cdir, dir, false)
			return errs.Errorf(errs.AlreadyExists, op, key, "object %q exists, so no key can live under %q", k, k+"/")
		}
		return nil
	}
	return nil
}

type writer struct {
	d         *Driver
	ctx       context.Context
	cdir, key string
	path      string
	opts      driver.WriterOptions
	f         *os.File // nil for a marker
	hash      hash.Hash
	size      int64
	mu        sync.Mutex
	closed    bool
}

var _ driver.Writer = (*writer)(nil)

func (w *writer) Write(p []byte) (int, error) {
	const op = "local.Write"
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return 0, errs.Errorf(errs.InvalidArgument, op, w.key, "write after close")
	}
	if err := w.ctx.Err(); err != nil {
		return 0, errs.Wrap(err, op, w.key)
	}
	if w.f == nil {
		if len(p) == 0 {
			return 0, nil
		}
		return 0, errs.Errorf(errs.InvalidArgument, op, w.key, "a directory marker (a key ending in \"/\") cannot hold data here")
	}
	n, err := w.f.Write(p)
	w.hash.Write(p[:n])
	w.size += int64(n)
	if err != nil {
		return n, mapErr(op, w.key, err)
	}
	return n, nil
}

// Close commits, or removes the temporary file if ctx is done or the
// commit fails.
func (w *writer) Close() error {
	const op = "local.Close"
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errs.Errorf(errs.InvalidArgument, op, w.key, "close after close")
	}
	w.closed = true
	if w.f == nil {
		return w.d.commitMarker(w.ctx, w.cdir, w.key, w.path, &w.opts)
	}
	tmp := w.f.Name()
	err := w.finish()
	if err == nil {
		err = w.d.commit(w.ctx, w.cdir, w.key, w.path, tmp, w.meta(), &w.opts)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// finish makes the temporary file durable and gives it its mtime.
func (w *writer) finish() error {
	const op = "local.Close"
	err := w.ctx.Err()
	if err == nil && w.d.sync {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil && !w.opts.ModTime.IsZero() {
		err = os.Chtimes(w.f.Name(), time.Time{}, w.opts.ModTime)
	}
	return mapErr(op, w.key, err)
}

func (w *writer) meta() *meta {
	return &meta{
		ContentType: w.opts.ContentType,
		Metadata:    w.opts.Metadata,
		ETag:        hex.EncodeToString(w.hash.Sum(nil)),
	}
}

// commit renames tmp to path once the write's conditions hold. m gets
// the file's stamp and the store time.
func (d *Driver) commit(ctx context.Context, cdir, key, path, tmp string, m *meta, opts *driver.WriterOptions) error {
	const op = "local.Commit"
	fi, err := os.Stat(tmp)
	if err != nil {
		return mapErr(op, key, err)
	}
	m.stamp(fi)
	m.StoredNs = time.Now().UnixNano()
	if d.meta.beforeCommit() {
		if err := d.meta.set(cdir, key, tmp, m); err != nil {
			return err
		}
	}
	if err := d.commitLocked(ctx, cdir, key, path, tmp, m, opts); err != nil {
		return err
	}
	return d.syncDir(filepath.Dir(path)) // outside the lock: other commits go on
}

func (d *Driver) commitLocked(ctx context.Context, cdir, key, path, tmp string, m *meta, opts *driver.WriterOptions) error {
	const op = "local.Commit"
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := ctx.Err(); err != nil { // under the lock: no commit after a cancel
		return errs.Wrap(err, op, key)
	}
	if _, err := os.Stat(cdir); err != nil {
		return errs.Errorf(errs.NotFound, op, key, "the container was deleted")
	}
	if err := d.checkConditions(op, cdir, key, path, opts); err != nil {
		return err
	}
	undo, err := d.mkdirParents(op, cdir, key, path)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		undo()
		return conflictOr(op, cdir, key, path, err)
	}
	if !d.meta.beforeCommit() {
		return d.meta.set(cdir, key, path, m)
	}
	return nil
}

// commitMarker makes the directory of a marker key and flags it.
func (d *Driver) commitMarker(ctx context.Context, cdir, key, path string, opts *driver.WriterOptions) error {
	const op = "local.Commit"
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, op, key)
	}
	if err := d.checkConditions(op, cdir, key, path, opts); err != nil {
		return err
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return conflictOr(op, cdir, key, path, err)
	}
	mtime := opts.ModTime
	if mtime.IsZero() {
		mtime = time.Now()
	}
	m := &meta{
		ContentType: opts.ContentType, Metadata: opts.Metadata, Marker: true,
		ModTimeNs: mtime.UnixNano(), StoredNs: time.Now().UnixNano(), ETag: emptyMD5,
	}
	if err := d.meta.set(cdir, key, path, m); err != nil {
		return err
	}
	return d.syncDir(filepath.Dir(path))
}

// checkConditions applies IfMatch and IfNoneMatch. Callers hold d.mu.
func (d *Driver) checkConditions(op, cdir, key, path string, opts *driver.WriterOptions) error {
	if opts.IfMatch == "" && opts.IfNoneMatch == "" {
		return nil
	}
	fi, m, err := d.object(op, cdir, key, path)
	exists := err == nil
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	switch {
	case opts.IfNoneMatch == "*" && exists:
		return errs.Errorf(errs.PreconditionFailed, op, key, "object exists")
	case opts.IfMatch != "" && !exists:
		return errs.Errorf(errs.PreconditionFailed, op, key, "object does not exist")
	case opts.IfMatch != "":
		if etag := attributes(key, fi, m).ETag; etag != opts.IfMatch {
			return errs.Errorf(errs.PreconditionFailed, op, key, "ETag is %q, not %q", etag, opts.IfMatch)
		}
	}
	return nil
}

// mkdirParents makes the parent directories of path, reporting a file in
// the way as a conflict. undo removes the directories it made, if they
// are still empty. Callers hold d.mu.
func (d *Driver) mkdirParents(op, cdir, key, path string) (undo func(), err error) {
	parent := filepath.Dir(path)
	top := "" // the highest directory that did not exist
	for p := parent; len(p) > len(cdir); p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil {
			break
		}
		top = p
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return func() {}, conflictOr(op, cdir, key, path, err)
	}
	return func() {
		for p := parent; top != "" && len(p) >= len(top); p = filepath.Dir(p) {
			if os.Remove(p) != nil {
				return
			}
		}
	}, nil
}

// conflictOr explains err as a file/directory conflict when it is one.
func conflictOr(op, cdir, key, path string, err error) error {
	if c := conflict(op, cdir, key, path); c != nil {
		return c
	}
	return mapErr(op, key, err)
}
