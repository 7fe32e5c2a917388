package sync_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	csync "github.com/cloudfs/cloudfs/sync"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t0 is a fixed past mtime, whole seconds so every side keeps it exactly.
var t0 = time.Now().Add(-time.Hour).Truncate(time.Second)

// kinds are the pairs of sides every scenario runs on.
var kinds = []struct {
	name     string
	src, dst func(t *testing.T) fixture
	localSrc bool
}{
	{"local-to-memory", dirKind, memKind, true},
	{"memory-to-local", memKind, dirKind, false},
	{"memory-to-memory", memKind, memKind, false},
	{"local-to-local", dirKind, dirKind, true},
	{"local-to-files", dirKind, filesKind, true},
	{"files-to-local", filesKind, dirKind, false},
	{"local-to-s3", dirKind, s3Kind, true},
	{"s3-to-local", s3Kind, dirKind, false},
	{"s3-to-memory", s3Kind, memKind, false},
	{"memory-to-s3", memKind, s3Kind, false},
}

func dirKind(t *testing.T) fixture { return newDir(t) }
func memKind(t *testing.T) fixture { return newMem(t) }

// filesKind is the local storage driver; s3Kind a MinIO bucket.
func filesKind(t *testing.T) fixture { return newLocalStore(t) }
func s3Kind(t *testing.T) fixture    { return newS3(t) }

// listsUploadTime reports whether f's listing shows objects' LastModified
// rather than their mtime (S3).
func listsUploadTime(f fixture) bool {
	s, ok := f.(*storeFix)
	return ok && s.acct.Name() == "minio"
}

// later is an mtime for a change: after every upload so far, as a real
// change's would be (on S3 the listing compares it with LastModified).
func later() time.Time { return time.Now().Add(2 * time.Second) }

// env is one scenario's pair of sides.
type env struct {
	t        *testing.T
	src, dst fixture
	links    bool // --copy-links
	plan     []csync.Action
	mu       sync.Mutex
}

// sync runs one pass; fopts nil means the default filter.
func (e *env) sync(o csync.Options, fopts *csync.FilterOptions) (csync.Result, error) {
	e.t.Helper()
	if o.Filter == nil {
		if fopts == nil {
			fopts = &csync.FilterOptions{}
		}
		f, err := csync.NewFilter(*fopts)
		require.NoError(e.t, err)
		o.Filter = f
	}
	o.Retries = -1
	e.plan = nil
	o.OnPlan = func(a csync.Action) {
		e.mu.Lock()
		e.plan = append(e.plan, a)
		e.mu.Unlock()
	}
	lo := csync.LocalOptions{CopyLinks: e.links}
	return csync.New(e.src.side(lo), e.dst.side(lo), o).Run(context.Background())
}

// ok runs a pass that must succeed.
func (e *env) ok(o csync.Options, fopts *csync.FilterOptions) csync.Result {
	e.t.Helper()
	r, err := e.sync(o, fopts)
	require.NoError(e.t, err)
	return r
}

func (e *env) planned() []string {
	var out []string
	for _, a := range e.plan {
		out = append(out, a.Op+" "+a.Path)
	}
	sort.Strings(out)
	return out
}

func TestScenarios(t *testing.T) {
	oddNames := map[string]string{
		"with space.txt": "1", "ünïcödé/ファイル": "2", "hash#tag": "3", "100%": "4", "a+b=c": "5",
		"x-y": "6", "x/y": "7", "x0": "8", "deep/a/b/c/d/e.txt": "9", "empty": "",
	}
	for _, tc := range []struct {
		name     string
		localSrc bool // needs a local source (symlinks)
		run      func(t *testing.T, e *env)
	}{
		{name: "new files, nested, odd names", run: func(t *testing.T, e *env) {
			for p, d := range oddNames {
				e.src.write(t, p, d, t0)
			}
			r := e.ok(csync.Options{}, nil)
			assert.Equal(t, int64(len(oddNames)), r.Copied)
			assert.Equal(t, oddNames, e.dst.tree(t))
		}},
		{name: "unchanged files are not copied again", run: func(t *testing.T, e *env) {
			for p, d := range oddNames {
				e.src.write(t, p, d, t0)
			}
			e.ok(csync.Options{}, nil)
			r := e.ok(csync.Options{Delete: true}, nil)
			assert.Zero(t, r.Copied)
			assert.Zero(t, r.Deleted)
			assert.Equal(t, int64(len(oddNames)), r.Checked)
		}},
		{name: "changed, same size, newer mtime", run: func(t *testing.T, e *env) {
			e.src.write(t, "a", "one", t0)
			e.src.write(t, "b", "bee", t0)
			e.ok(csync.Options{}, nil)
			e.src.write(t, "a", "two", later())
			r := e.ok(csync.Options{}, nil)
			assert.Equal(t, int64(1), r.Copied)
			assert.Equal(t, map[string]string{"a": "two", "b": "bee"}, e.dst.tree(t))
			assert.Equal(t, []string{"copy a"}, e.planned())
		}},
		{name: "changed size", run: func(t *testing.T, e *env) {
			e.src.write(t, "a", "one", t0)
			e.ok(csync.Options{}, nil)
			e.src.write(t, "a", "longer", t0)
			r := e.ok(csync.Options{}, nil)
			assert.Equal(t, int64(1), r.Copied)
			assert.Equal(t, map[string]string{"a": "longer"}, e.dst.tree(t))
		}},
		{name: "deleted without --delete stays", run: func(t *testing.T, e *env) {
			e.src.write(t, "a", "1", t0)
			e.src.write(t, "b", "2", t0)
			e.ok(csync.Options{}, nil)
			e.src.remove(t, "a")
			r := e.ok(csync.Options{}, nil)
			assert.Zero(t, r.Deleted)
			assert.Equal(t, map[string]string{"a": "1", "b": "2"}, e.dst.tree(t))
		}},
		{name: "deleted with --delete goes", run: func(t *testing.T, e *env) {
			e.src.write(t, "a", "1", t0)
			e.src.write(t, "d/b", "2", t0)
			e.src.write(t, "d/c", "3", t0)
			e.ok(csync.Options{}, nil)
			e.src.remove(t, "a")
			e.src.remove(t, "d/b")
			r := e.ok(csync.Options{Delete: true}, nil)
			assert.Equal(t, int64(2), r.Deleted)
			assert.Equal(t, map[string]string{"d/c": "3"}, e.dst.tree(t))
		}},
		{name: "renamed", run: func(t *testing.T, e *env) {
			e.src.write(t, "old/name.txt", "content", t0)
			e.ok(csync.Options{}, nil)
			e.src.remove(t, "old/name.txt")
			e.src.write(t, "new/name.txt", "content", t0)
			r := e.ok(csync.Options{Delete: true}, nil)
			assert.Equal(t, int64(1), r.Copied)
			assert.Equal(t, int64(1), r.Deleted)
			assert.Equal(t, map[string]string{"new/name.txt": "content"}, e.dst.tree(t))
		}},
		{name: "empty directories are not objects", localSrc: true, run: func(t *testing.T, e *env) {
			d := e.src.(*dirFix)
			require.NoError(t, os.MkdirAll(filepath.Join(d.root, "empty/nested"), 0o755))
			e.src.write(t, "f", "x", t0)
			r := e.ok(csync.Options{Delete: true}, nil)
			assert.Equal(t, int64(1), r.Copied)
			assert.Equal(t, map[string]string{"f": "x"}, e.dst.tree(t))
		}},
		{name: "include and exclude", run: func(t *testing.T, e *env) {
			e.src.write(t, "a.go", "1", t0)
			e.src.write(t, "a.log", "2", t0)
			e.src.write(t, "vendor/v.go", "3", t0)
			e.src.write(t, "docs/x.md", "4", t0)
			e.dst.write(t, "kept.log", "excluded, so never deleted", t0)
			fo := &csync.FilterOptions{Include: []string{"*.go", "*.log"}, Exclude: []string{"*.log", "vendor/"}}
			r := e.ok(csync.Options{Delete: true}, fo)
			assert.Equal(t, int64(1), r.Copied)
			assert.Equal(t, map[string]string{"a.go": "1", "kept.log": "excluded, so never deleted"}, e.dst.tree(t))
		}},
		{name: "default excludes, and turning them off", run: func(t *testing.T, e *env) {
			e.src.write(t, ".git/config", "g", t0)
			e.src.write(t, "sub/.svn/entries", "s", t0)
			e.src.write(t, "notes.txt.swp", "v", t0)
			e.src.write(t, "notes.txt~", "e", t0)
			e.src.write(t, ".#notes.txt", "l", t0)
			e.src.write(t, "4913", "p", t0)
			e.src.write(t, "notes.txt", "n", t0)
			e.ok(csync.Options{}, nil)
			assert.Equal(t, map[string]string{"notes.txt": "n"}, e.dst.tree(t))
			r := e.ok(csync.Options{}, &csync.FilterOptions{NoDefaults: true})
			assert.Equal(t, int64(6), r.Copied)
		}},
		{name: "dry run changes nothing", run: func(t *testing.T, e *env) {
			e.src.write(t, "a", "1", t0)
			e.src.write(t, "b", "2", t0)
			e.ok(csync.Options{}, nil)
			e.src.write(t, "a", "changed", t0)
			e.src.remove(t, "b")
			e.src.write(t, "c", "new", t0)
			before := e.dst.tree(t)
			r := e.ok(csync.Options{DryRun: true, Delete: true}, nil)
			assert.Zero(t, r.Copied)
			assert.Zero(t, r.Deleted)
			assert.Equal(t, before, e.dst.tree(t))
			assert.Equal(t, []string{"copy a", "copy c", "delete b"}, e.planned())
		}},
		{name: "checksum catches a same-size same-mtime change", run: func(t *testing.T, e *env) {
			e.src.write(t, "a", "aaa", t0)
			e.src.write(t, "b", "bbb", t0)
			e.ok(csync.Options{Mode: csync.Checksum}, nil)
			e.src.write(t, "a", "xyz", t0)
			if listsUploadTime(e.src) {
				// An S3 listing shows the rewrite's LastModified: the
				// mtime rule sees it without hashes.
				r := e.ok(csync.Options{}, nil)
				assert.Equal(t, int64(1), r.Copied)
			} else {
				r := e.ok(csync.Options{}, nil)
				assert.Zero(t, r.Copied, "size and mtime cannot see it")
				r = e.ok(csync.Options{Mode: csync.Checksum}, nil)
				assert.Equal(t, int64(1), r.Copied)
				assert.Equal(t, int64(1), r.Checked)
			}
			assert.Equal(t, map[string]string{"a": "xyz", "b": "bbb"}, e.dst.tree(t))
			r := e.ok(csync.Options{Mode: csync.Checksum}, nil)
			assert.Zero(t, r.Copied)
		}},
		{name: "size only", run: func(t *testing.T, e *env) {
			e.src.write(t, "a", "aaa", t0)
			e.src.write(t, "b", "bbb", t0)
			e.ok(csync.Options{}, nil)
			e.src.write(t, "a", "xyz", later())
			e.src.write(t, "b", "bbbb", t0)
			r := e.ok(csync.Options{Mode: csync.SizeOnly}, nil)
			assert.Equal(t, int64(1), r.Copied)
			assert.Equal(t, map[string]string{"a": "aaa", "b": "bbbb"}, e.dst.tree(t))
		}},
		{name: "symlinks skipped unless --copy-links", localSrc: true, run: func(t *testing.T, e *env) {
			d := e.src.(*dirFix)
			e.src.write(t, "real/f", "data", t0)
			require.NoError(t, os.Symlink("real/f", d.path("filelink")))
			require.NoError(t, os.Symlink("real", d.path("dirlink")))
			require.NoError(t, os.Symlink("nowhere", d.path("broken")))
			require.NoError(t, os.Symlink("..", d.path("real/loop")))
			r := e.ok(csync.Options{}, nil)
			assert.Equal(t, int64(1), r.Copied)
			assert.Equal(t, map[string]string{"real/f": "data"}, e.dst.tree(t))
			e.links = true
			r = e.ok(csync.Options{}, nil)
			assert.Equal(t, int64(2), r.Copied)
			assert.Equal(t, map[string]string{"real/f": "data", "filelink": "data", "dirlink/f": "data"}, e.dst.tree(t))
		}},
	} {
		for _, k := range kinds {
			if tc.localSrc && !k.localSrc {
				continue // only a local tree has symlinks and empty directories
			}
			t.Run(tc.name+"/"+k.name, func(t *testing.T) {
				tc.run(t, &env{t: t, src: k.src(t), dst: k.dst(t)})
			})
		}
	}
}
