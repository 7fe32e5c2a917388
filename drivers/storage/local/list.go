package local

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// maxKeyLen matches the portable API's limit; longer paths are not listed.
const maxKeyLen = 1024

// ListObjects implements driver.Driver.
//
// The listing walks the container in key byte order: each directory's
// entries are sorted by name with "/" appended to directory names, which
// puts "a-b" and "a.b" before everything under "a/" as byte order wants.
// The page token is the last key (or folded prefix) returned, and the walk
// resumes from it by skipping, without reading, every subtree that sorts
// wholly before it, so a listing holds one page plus the entries of the
// directories on the current path, never the whole container. With a
// delimiter, a directory whose every key folds into one prefix is
// reported without being read. Files whose path is not a valid key (not
// UTF-8, over 1024 bytes) and non-regular files are not listed.
func (d *Driver) ListObjects(ctx context.Context, name string, opts *driver.ListOptions) (*driver.ListPage, error) {
	const op = "local.ListObjects"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	cdir, err := d.existingContainer(op, name)
	if err != nil {
		return nil, err
	}
	p, err := d.list(ctx, cdir, opts)
	return p, errs.Wrap(err, op, name+"/"+opts.Prefix)
}

type lister struct {
	d                    *Driver
	ctx                  context.Context
	cdir                 string
	prefix, delim, after string
	limit                int
	out                  []driver.ObjectInfo
	lastPrefix           string
}

func (d *Driver) list(ctx context.Context, cdir string, opts *driver.ListOptions) (*driver.ListPage, error) {
	l := &lister{d: d, ctx: ctx, cdir: cdir, prefix: opts.Prefix, delim: opts.Delimiter, after: opts.PageToken, limit: opts.PageSize}
	if l.limit <= 0 {
		l.limit = defaultPageSize
	}
	// Start in the deepest directory the prefix names in full.
	rel := l.prefix[:strings.LastIndex(l.prefix, "/")+1]
	dir := cdir
	if rel != "" {
		if checkKey(rel) != nil {
			return &driver.ListPage{}, nil // no key can live there
		}
		dir, _ = keyPath(cdir, rel)
		if rel == l.prefix && rel > l.after {
			if _, err := l.marker(rel, dir); err != nil {
				return nil, err
			}
		}
	}
	if _, err := l.walk(rel, dir); err != nil {
		return nil, err
	}
	page := &driver.ListPage{Objects: l.out}
	if len(l.out) > l.limit {
		page.Objects = l.out[:l.limit]
		page.NextPageToken = page.Objects[l.limit-1].Key
	}
	return page, nil
}

// full reports whether the page has its one extra entry (which proves
// that there is a next page).
func (l *lister) full() bool { return len(l.out) > l.limit }

// walk lists the directory dir, whose keys start with rel. It returns
// true when the page is full.
func (l *lister) walk(rel, dir string) (bool, error) {
	if err := l.ctx.Err(); err != nil {
		return true, err
	}
	ents, err := readSorted(dir)
	if isNotExist(err) {
		return false, nil // gone (or never there): nothing to list
	}
	if err != nil {
		return true, mapErr("local.list", dir, err)
	}
	for _, e := range ents {
		if rel == "" && (e.name == tmpDir || e.name == metaDir) {
			continue
		}
		path := filepath.Join(dir, e.name)
		var stop bool
		if e.dir {
			stop, err = l.dir(rel+e.name+"/", path)
		} else {
			stop, err = l.file(rel+e.name, path, e.de)
		}
		if stop || err != nil {
			return true, err
		}
	}
	return false, nil
}

// dir handles the subtree of key k ("a/b/") at path.
func (l *lister) dir(k, path string) (bool, error) {
	inPrefix := strings.HasPrefix(k, l.prefix)
	if !inPrefix && !strings.HasPrefix(l.prefix, k) {
		return false, nil
	}
	if k <= l.after && !strings.HasPrefix(l.after, k) {
		return false, nil // every key under k is before the token
	}
	if inPrefix {
		if fp, ok := fold(k, l.prefix, l.delim); ok {
			return l.addPrefix(fp), nil // all of k's keys fold into fp
		}
		if k > l.after {
			if stop, err := l.marker(k, path); stop || err != nil {
				return stop, err
			}
		}
	}
	return l.walk(k, path)
}

// marker adds the marker k if the directory at path is one.
func (l *lister) marker(k, path string) (bool, error) {
	fi, m, ok, err := l.d.markerInfo(l.cdir, k, path)
	if err != nil || !ok {
		return false, err
	}
	a := attributes(k, fi, m)
	l.out = append(l.out, driver.ObjectInfo{Key: k, ModTime: a.ModTime, ETag: a.ETag})
	return l.full(), nil
}

// file handles the file with key k at path.
func (l *lister) file(k, path string, de fs.DirEntry) (bool, error) {
	if !strings.HasPrefix(k, l.prefix) || k <= l.after || len(k) > maxKeyLen || !utf8.ValidString(k) {
		return false, nil
	}
	if fp, ok := fold(k, l.prefix, l.delim); ok {
		return l.addPrefix(fp), nil
	}
	fi, err := de.Info()
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		fi, err = os.Stat(path)
	}
	if isNotExist(err) {
		return false, nil // deleted under our feet
	}
	if err != nil {
		return true, mapErr("local.list", k, err)
	}
	if !fi.Mode().IsRegular() {
		return false, nil
	}
	m, err := l.d.meta.get(l.cdir, k, path)
	if err != nil && !isNotExist(err) {
		return true, err
	}
	a := attributes(k, fi, m)
	l.out = append(l.out, driver.ObjectInfo{Key: k, Size: a.Size, ModTime: a.ModTime, ETag: a.ETag})
	return l.full(), nil
}

// addPrefix adds a folded prefix once, unless an earlier page had it.
func (l *lister) addPrefix(p string) bool {
	if p <= l.after || p == l.lastPrefix {
		return false
	}
	l.lastPrefix = p
	l.out = append(l.out, driver.ObjectInfo{Key: p, IsPrefix: true})
	return l.full()
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

type dirent struct {
	name string
	sort string // name, with "/" appended for a directory
	dir  bool
	de   fs.DirEntry
}

// readSorted reads a directory in key order: names compared with "/"
// appended to directories. Symbolic links to directories count as files
// (and are then skipped as non-regular).
func readSorted(dir string) ([]dirent, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]dirent, len(des))
	for i, de := range des {
		out[i] = dirent{name: de.Name(), sort: de.Name(), dir: de.IsDir(), de: de}
		if out[i].dir {
			out[i].sort += "/"
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].sort < out[j].sort })
	return out, nil
}
