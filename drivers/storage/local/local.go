// Package local is a storage driver over a local directory tree: each
// container is a directory under the root and each object a file, so a
// local container looks right to other tools (ls, rsync, editors). It is
// the embedded default of `cloudfs mount` and a conformance-suite driver
// for the fs/ and sync/ tests; the "local" account type opens it.
//
// Layout of a container directory:
//
//	<root>/<container>/a/b/c          the object "a/b/c"
//	<root>/<container>/a/b/           the directory marker "a/b/" (see below)
//	<root>/<container>/.cloudfs-tmp/  writes in progress, never listed
//	<root>/<container>/.cloudfs-meta/ metadata sidecars when xattrs are off
//
// Keys map to paths segment by segment (keypath.go): "..", ".", empty
// segments ("a//b"), a leading "/", NUL and the reserved first segments
// ".cloudfs-tmp" and ".cloudfs-meta" are InvalidArgument, so no key can
// leave its container.
//
// Files and directories. A key cannot be both a file and a directory on
// disk, so "a" and "a/b" cannot both exist: writing one while the other
// exists gives errs.AlreadyExists with a message naming the conflict.
// A key ending in "/" is a directory marker, stored as a directory; a
// directory is listed as a marker if it was written as one (its metadata
// says so) or if it is empty. Deleting the last object under "a/b/"
// removes the directories left empty, up to the container, except marked
// ones, so prefixes without objects vanish as they do on S3. Non-regular
// files (sockets, devices) and symbolic links to directories are ignored.
//
// Writes go to a temporary file in .cloudfs-tmp, are fsynced and renamed
// into place on Close, so a reader never sees a partial object; a cancelled
// or aborted write removes its temporary file. Temporary files left by a
// crash are removed by New after a day.
//
// Metadata (content type, user metadata, the MD5 ETag, the store time and
// the marker flag) is one JSON value in the xattr user.cloudfs.meta, set on
// the temporary file before the rename so content and metadata appear
// together; where the filesystem has no user xattrs it lives in a sidecar
// file under .cloudfs-meta named by the SHA-256 of the key (the sidecar is
// written just after the data is renamed into place). The mtime is the
// file's own mtime (os.Chtimes).
//
// ETags are the hex MD5 of the content, computed while writing and stored
// with the file's size and mtime. If those no longer match (another tool
// changed the file), or there is no metadata at all (a file put there by
// another tool), the ETag is "<mtime ns hex>-<size hex>" and MD5 is empty:
// cheap to compute, and it changes whenever the file does.
//
// Namespace changes (commit, delete, rename) are serialised by a mutex, so
// conditional writes are atomic within one process, not across processes
// sharing a root.
package local

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Driver is a local directory storage account, safe for concurrent use.
type Driver struct {
	root string
	meta metaStore
	sync bool
	mu   sync.Mutex // serialises namespace changes
}

var (
	_ driver.Driver  = (*Driver)(nil)
	_ driver.Copier  = (*Driver)(nil)
	_ driver.Renamer = (*Driver)(nil)
)

// Options tune a Driver.
type Options struct {
	// Metadata picks where metadata lives: "xattr", "sidecar", or "" for
	// xattrs where the root's filesystem has user xattrs, else sidecars.
	Metadata string
	// NoSync skips the fsyncs that make a committed write durable.
	NoSync bool
}

// New opens (and creates if needed) a root directory with default options.
func New(root string) (*Driver, error) { return NewWithOptions(root, Options{}) }

// NewWithOptions opens (and creates if needed) a root directory.
func NewWithOptions(root string, o Options) (*Driver, error) {
	const op = "local.New"
	if root == "" {
		return nil, errs.Errorf(errs.InvalidArgument, op, "", "empty root directory")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, errs.E(errs.InvalidArgument, op, root, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, mapErr(op, abs, err)
	}
	d := &Driver{root: abs, sync: !o.NoSync}
	switch o.Metadata {
	case "xattr":
		if !xattrSupported(abs) {
			return nil, errs.Errorf(errs.Unimplemented, op, abs, "the filesystem has no user xattrs; use metadata=sidecar")
		}
		d.meta = xattrStore{}
	case "sidecar":
		d.meta = sidecarStore{d: d}
	case "", "auto":
		if xattrSupported(abs) {
			d.meta = xattrStore{}
		} else {
			d.meta = sidecarStore{d: d}
		}
	default:
		return nil, errs.Errorf(errs.InvalidArgument, op, abs, "metadata %q: want xattr, sidecar or auto", o.Metadata)
	}
	d.removeStaleTemps(24 * time.Hour)
	return d, nil
}

// Open is the registry's constructor. Options: root (default
// <DataDir>/storage), metadata (auto, xattr or sidecar), fsync (default
// true).
func Open(ctx context.Context, p params.Params) (driver.Driver, error) {
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, "open local", p.Account)
	}
	def := ""
	if p.DataDir != "" {
		def = filepath.Join(p.DataDir, "storage")
	}
	root := p.String("root", def)
	if root == "" {
		return nil, errs.Errorf(errs.InvalidArgument, "open local", p.Account, "option \"root\" is required when there is no data directory")
	}
	fsync, err := p.Bool("fsync", true)
	if err != nil {
		return nil, err
	}
	return NewWithOptions(root, Options{Metadata: p.String("metadata", ""), NoSync: !fsync})
}

// Root is the directory that holds the containers.
func (d *Driver) Root() string { return d.root }

// Capabilities implements driver.Driver.
func (d *Driver) Capabilities() driver.Capabilities {
	return driver.Capabilities{ConditionalWrite: true, ConditionalRead: true, MetadataMtime: true}
}

// Close implements driver.Driver.
func (d *Driver) Close() error { return nil }

// containerDir returns the container's directory after checking the name
// (the portable Account checks it too; this keeps direct callers safe).
func (d *Driver) containerDir(op, name string) (string, error) {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00"+string(filepath.Separator)) {
		return "", errs.Errorf(errs.InvalidArgument, op, name, "bad container name %q", name)
	}
	return filepath.Join(d.root, name), nil
}

// existingContainer returns the directory of a container that exists.
func (d *Driver) existingContainer(op, name string) (string, error) {
	dir, err := d.containerDir(op, name)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return "", errs.Errorf(errs.NotFound, op, name, "container %q does not exist", name)
	}
	return dir, nil
}

// removeStaleTemps removes temporary files older than age, left by a
// crash. Their names carry their start time (see newTemp).
func (d *Driver) removeStaleTemps(age time.Duration) {
	conts, err := os.ReadDir(d.root)
	if err != nil {
		return
	}
	cutoff := time.Now().Add(-age).UnixNano()
	for _, c := range conts {
		dir := filepath.Join(d.root, c.Name(), tmpDir)
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			f := strings.Split(e.Name(), "-")
			if len(f) < 2 {
				continue
			}
			if ns, err := strconv.ParseInt(f[1], 10, 64); err == nil && ns < cutoff {
				_ = os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}
