package local

import (
	"path/filepath"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Reserved names at the top of a container directory.
const (
	tmpDir  = ".cloudfs-tmp"  // writes in progress
	metaDir = ".cloudfs-meta" // metadata sidecars
)

// maxSegment is the longest file name most filesystems accept (NAME_MAX).
const maxSegment = 255

// checkKey reports why key cannot be stored as a path, or nil. A key is
// one or more "/"-separated segments, optionally followed by one "/" (a
// directory marker). Segments may hold any byte but NUL (and the OS's own
// separator where it is not "/"), must not be empty, "." or "..", and the
// first must not be a reserved name.
func checkKey(key string) error {
	const op = "local.key"
	bad := func(why string) error {
		return errs.Errorf(errs.InvalidArgument, op, key, "key cannot be a local path: %s", why)
	}
	switch {
	case key == "":
		return bad("empty key")
	case strings.ContainsRune(key, 0):
		return bad("NUL in key")
	case key[0] == '/':
		return bad("absolute path (leading \"/\")")
	case filepath.Separator != '/' && strings.ContainsRune(key, filepath.Separator):
		return bad("the OS path separator in key")
	}
	body := strings.TrimSuffix(key, "/")
	for i, seg := range strings.Split(body, "/") {
		switch {
		case seg == "":
			return bad("empty path segment (\"//\")")
		case seg == "." || seg == "..":
			return bad("\".\" or \"..\" segment")
		case len(seg) > maxSegment:
			return bad("a segment is longer than 255 bytes")
		case i == 0 && (seg == tmpDir || seg == metaDir):
			return bad(seg + " is reserved")
		}
	}
	return nil
}

// isMarkerKey reports whether key names a directory marker.
func isMarkerKey(key string) bool { return strings.HasSuffix(key, "/") }

// keyPath maps a key to its path under the container directory cdir. A
// marker "a/b/" maps to the directory cdir/a/b.
func keyPath(cdir, key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(cdir, filepath.FromSlash(strings.TrimSuffix(key, "/"))), nil
}

// pathKey is keyPath's inverse: the key of path under cdir.
func pathKey(cdir, path string, dir bool) (string, bool) {
	rel, err := filepath.Rel(cdir, path)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	k := filepath.ToSlash(rel)
	if dir {
		k += "/"
	}
	return k, true
}
