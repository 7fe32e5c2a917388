package local

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

func TestCheckKey(t *testing.T) {
	for _, k := range []string{"a", "a/b/c", "a/", "a/b/", ".hidden", "a/.cloudfs-tmp", "...", "a..b", "a b/c?d#e", "日本/語"} {
		assert.NoError(t, checkKey(k), "%q", k)
	}
	for _, k := range []string{
		"", "/", "//", "/abs", "a//b", "x/../", "..", "../x", "a/../b", "a/..", ".", "./a", "a/./b", "a/.",
		"a\x00b", ".cloudfs-tmp", ".cloudfs-tmp/x", ".cloudfs-meta/", "a//", strings.Repeat("x", 256),
	} {
		err := checkKey(k)
		assert.True(t, errs.Is(err, errs.InvalidArgument), "%q: %v", k, err)
	}
}

// FuzzKeyPath: no key maps outside its container or onto the reserved
// folders, and the mapping is reversible.
func FuzzKeyPath(f *testing.F) {
	for _, k := range []string{
		"a", "a/b/c", "a/", "../x", "a/../../x", "/etc/passwd", "a//b", ".", "..", "./", "a/./b",
		".cloudfs-tmp/x", ".cloudfs-meta", "a\\..\\b", "a\x00b", "%2e%2e/x", "日本/語/", "a/b/../../..",
	} {
		f.Add(k)
	}
	cdir := filepath.Join(f.TempDir(), "root", "container")
	f.Fuzz(func(t *testing.T, key string) {
		p, err := keyPath(cdir, key)
		if err != nil {
			if !errs.Is(err, errs.InvalidArgument) {
				t.Fatalf("%q: error of kind %v: %v", key, errs.KindOf(err), err)
			}
			return
		}
		rel, err := filepath.Rel(cdir, p)
		if err != nil || !filepath.IsLocal(rel) || rel == "." {
			t.Fatalf("%q maps to %q, outside %q", key, p, cdir)
		}
		first := strings.Split(filepath.ToSlash(rel), "/")[0]
		if first == tmpDir || first == metaDir {
			t.Fatalf("%q maps into the reserved %q", key, first)
		}
		back, ok := pathKey(cdir, p, isMarkerKey(key))
		if !ok || back != key {
			t.Fatalf("%q maps to %q which maps back to %q", key, p, back)
		}
	})
}
