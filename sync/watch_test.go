package sync_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	csync "github.com/cloudfs/cloudfs/sync"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// watching runs Watch in the background until the test ends, and waits
// for its first pass to finish.
type watching struct {
	stats  *csync.Stats
	cancel context.CancelFunc
	done   chan error
}

func startWatch(t *testing.T, src, dst fixture, o csync.Options, wo csync.WatchOptions) *watching {
	t.Helper()
	return startWatchLinks(t, src, dst, o, wo, false)
}

func startWatchLinks(t *testing.T, src, dst fixture, o csync.Options, wo csync.WatchOptions, links bool) *watching {
	t.Helper()
	if o.Filter == nil {
		f, err := csync.NewFilter(csync.FilterOptions{})
		require.NoError(t, err)
		o.Filter = f
	}
	o.Stats = csync.NewStats()
	ctx, cancel := context.WithCancel(context.Background())
	w := &watching{stats: o.Stats, cancel: cancel, done: make(chan error, 1)}
	s := csync.New(src.side(csync.LocalOptions{CopyLinks: links}), dst.side(csync.LocalOptions{}), o)
	go func() { w.done <- s.Watch(ctx, wo) }()
	t.Cleanup(func() { w.stop(t) })
	eventually(t, 10*time.Second, "first pass", func() bool {
		snap := w.stats.Snapshot()
		return snap.Passes >= 1 && snap.State == "watching"
	})
	return w
}

func (w *watching) stop(t *testing.T) {
	w.cancel()
	select {
	case err := <-w.done:
		assert.NoError(t, err)
		w.done <- nil // stop is idempotent
	case <-time.After(30 * time.Second):
		t.Fatal("watch did not stop")
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %v", what, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func converges(t *testing.T, dst fixture, want map[string]string) {
	t.Helper()
	var got map[string]string
	deadline := time.Now().Add(15 * time.Second)
	for {
		got = dst.tree(t)
		if assert.ObjectsAreEqual(want, got) {
			return
		}
		if time.Now().After(deadline) {
			require.Equal(t, want, got, "destination did not converge")
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func TestWatchConverges(t *testing.T) {
	for _, k := range []struct {
		name string
		dst  func(t *testing.T) fixture
	}{{"to-memory", memKind}, {"to-local", dirKind}, {"to-files", filesKind}, {"to-s3", s3Kind}} {
		t.Run(k.name, func(t *testing.T) {
			src, dst := newDir(t), k.dst(t)
			src.write(t, "keep", "k", t0)
			src.write(t, "doomed", "d", t0)
			src.write(t, "dir/old", "o", t0)
			startWatch(t, src, dst, csync.Options{Delete: true}, csync.WatchOptions{Debounce: 100 * time.Millisecond})
			converges(t, dst, map[string]string{"keep": "k", "doomed": "d", "dir/old": "o"})

			// new, rewritten, renamed, deleted, editor junk
			src.write(t, "new.txt", "n", time.Now())
			src.write(t, "keep", "kept and changed", time.Now())
			require.NoError(t, os.Rename(src.path("dir/old"), src.path("dir/renamed")))
			src.remove(t, "doomed")
			src.write(t, ".new.txt.swp", "swap", time.Now())
			src.write(t, "sp ace/ü#%+.txt", "odd", time.Now())
			converges(t, dst, map[string]string{"keep": "kept and changed", "new.txt": "n", "dir/renamed": "o", "sp ace/ü#%+.txt": "odd"})

			// a directory made later, filled at once (before its watch)
			require.NoError(t, os.MkdirAll(src.path("later/deep/er"), 0o755))
			src.write(t, "later/deep/er/f", "f", time.Now())
			// a tree moved in from outside, and a directory renamed
			outside := filepath.Join(t.TempDir(), "outside")
			require.NoError(t, os.MkdirAll(filepath.Join(outside, "x"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(outside, "x", "y"), []byte("y"), 0o644))
			require.NoError(t, os.Rename(outside, src.path("moved-in")))
			require.NoError(t, os.Rename(src.path("dir"), src.path("dir2")))
			converges(t, dst, map[string]string{
				"keep": "kept and changed", "new.txt": "n", "dir2/renamed": "o", "sp ace/ü#%+.txt": "odd",
				"later/deep/er/f": "f", "moved-in/x/y": "y",
			})

			// a directory removed
			require.NoError(t, os.RemoveAll(src.path("later")))
			require.NoError(t, os.Rename(src.path("moved-in"), filepath.Join(t.TempDir(), "gone")))
			converges(t, dst, map[string]string{"keep": "kept and changed", "new.txt": "n", "dir2/renamed": "o", "sp ace/ü#%+.txt": "odd"})
		})
	}
}

// Without --delete, deletes and renames leave the old files in place.
func TestWatchWithoutDelete(t *testing.T) {
	src, dst := newDir(t), newMem(t)
	src.write(t, "a", "1", t0)
	startWatch(t, src, dst, csync.Options{}, csync.WatchOptions{Debounce: 50 * time.Millisecond})
	require.NoError(t, os.Rename(src.path("a"), src.path("b")))
	converges(t, dst, map[string]string{"a": "1", "b": "1"})
}

// A file written slowly (6 writes, 500ms apart, debounce 1s) is uploaded
// once, whole.
func TestWatchSlowWriterUploadedOnce(t *testing.T) {
	src, dst := newDir(t), newMem(t)
	mem := dst.mem
	var commits atomic.Int64
	mem.SetFault(func(op memory.Op, c, key string) error {
		if op == memory.OpCommit && strings.HasSuffix(key, "/slow.bin") {
			commits.Add(1)
		}
		return nil
	})
	startWatch(t, src, dst, csync.Options{}, csync.WatchOptions{Debounce: time.Second})
	f, err := os.Create(src.path("slow.bin"))
	require.NoError(t, err)
	chunk := strings.Repeat("z", 64<<10)
	for i := range 6 {
		_, err := f.WriteString(chunk)
		require.NoError(t, err)
		if i < 5 {
			time.Sleep(500 * time.Millisecond)
		}
	}
	require.NoError(t, f.Close())
	want := strings.Repeat(chunk, 6)
	converges(t, dst, map[string]string{"slow.bin": want})
	time.Sleep(1500 * time.Millisecond) // longer than the debounce: no late second upload
	assert.Equal(t, int64(1), commits.Load(), "uploads of slow.bin")
}

// For a remote source, watch polls with the one-shot pass.
func TestWatchPollsRemoteSource(t *testing.T) {
	src, dst := newMem(t), newDir(t)
	src.write(t, "a", "1", t0)
	startWatch(t, src, dst, csync.Options{Delete: true}, csync.WatchOptions{PollInterval: 100 * time.Millisecond})
	converges(t, dst, map[string]string{"a": "1"})
	src.write(t, "b/c", "2", time.Now())
	src.remove(t, "a")
	converges(t, dst, map[string]string{"b/c": "2"})
}

// Stopping waits out the grace period, then aborts what is still being
// uploaded: no partial object is left, and Watch returns cleanly.
func TestWatchStopAbortsAfterGrace(t *testing.T) {
	src, dst := newDir(t), newMem(t)
	mem := dst.mem
	src.write(t, "small", "s", t0)
	w := startWatch(t, src, dst, csync.Options{Grace: 300 * time.Millisecond}, csync.WatchOptions{Debounce: 20 * time.Millisecond})
	var writing atomic.Bool
	mem.SetFault(func(op memory.Op, c, key string) error {
		if op == memory.OpWrite && strings.HasSuffix(key, "/big") {
			writing.Store(true)
			time.Sleep(50 * time.Millisecond) // a slow provider
		}
		return nil
	})
	src.write(t, "big", strings.Repeat("b", 8<<20), time.Now())
	eventually(t, 10*time.Second, "upload started", writing.Load)
	start := time.Now()
	w.stop(t)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Equal(t, map[string]string{"small": "s"}, dst.tree(t), "no partial object")
	assert.Zero(t, mem.Calls(memory.OpCommit)-1, "only small was committed")
}

// Watching into a container that does not exist yet, from an empty tree:
// the first change still arrives (the container is made at the start).
func TestWatchCreatesMissingContainer(t *testing.T) {
	src, dst := newDir(t), newMem(t)
	dst.container = "not-yet"
	startWatch(t, src, dst, csync.Options{}, csync.WatchOptions{Debounce: 20 * time.Millisecond})
	src.write(t, "first", "1", time.Now())
	converges(t, dst, map[string]string{"first": "1"})
}

// TestWatchScenarios is the scenario table in watch mode: the tree is set
// up, the watch started (its first pass copies it), then the tree is
// changed while the watch runs, and the destination must converge.
func TestWatchScenarios(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   csync.Options
		fopts  csync.FilterOptions
		links  bool
		before map[string]string
		change func(t *testing.T, d *dirFix)
		want   map[string]string
	}{
		{
			name: "new, nested, odd names",
			change: func(t *testing.T, d *dirFix) {
				d.write(t, "with space.txt", "1", time.Now())
				d.write(t, "ünï/ファイル", "2", time.Now())
				d.write(t, "a/b/c/#%+.txt", "3", time.Now())
			},
			want: map[string]string{"with space.txt": "1", "ünï/ファイル": "2", "a/b/c/#%+.txt": "3"},
		},
		{
			name:   "changed, same size",
			before: map[string]string{"a": "one"},
			change: func(t *testing.T, d *dirFix) { d.write(t, "a", "two", time.Now()) },
			want:   map[string]string{"a": "two"},
		},
		{
			name:   "deleted without --delete stays",
			before: map[string]string{"a": "1", "b": "2"},
			change: func(t *testing.T, d *dirFix) { d.remove(t, "a"); d.write(t, "c", "3", time.Now()) },
			want:   map[string]string{"a": "1", "b": "2", "c": "3"},
		},
		{
			name:   "deleted with --delete goes",
			opts:   csync.Options{Delete: true},
			before: map[string]string{"a": "1", "d/b": "2"},
			change: func(t *testing.T, d *dirFix) { d.remove(t, "a"); d.remove(t, "d/b") },
			want:   map[string]string{},
		},
		{
			name:   "renamed",
			opts:   csync.Options{Delete: true},
			before: map[string]string{"old/name": "x"},
			change: func(t *testing.T, d *dirFix) {
				require.NoError(t, os.Rename(d.path("old"), d.path("new")))
			},
			want: map[string]string{"new/name": "x"},
		},
		{
			name:  "include and exclude",
			opts:  csync.Options{Delete: true},
			fopts: csync.FilterOptions{Include: []string{"*.go", "*.log"}, Exclude: []string{"*.log", "vendor/"}},
			change: func(t *testing.T, d *dirFix) {
				d.write(t, "a.go", "1", time.Now())
				d.write(t, "a.log", "2", time.Now())
				d.write(t, "vendor/v.go", "3", time.Now())
				d.write(t, "README", "4", time.Now())
			},
			want: map[string]string{"a.go": "1"},
		},
		{
			name: "default excludes",
			change: func(t *testing.T, d *dirFix) {
				d.write(t, ".git/index", "g", time.Now())
				d.write(t, "f.txt.swp", "s", time.Now())
				d.write(t, "f.txt~", "b", time.Now())
				d.write(t, "4913", "p", time.Now())
				d.write(t, "f.txt", "f", time.Now())
			},
			want: map[string]string{"f.txt": "f"},
		},
		{
			name: "empty directories are not objects",
			change: func(t *testing.T, d *dirFix) {
				require.NoError(t, os.MkdirAll(d.path("e/m/p/t/y"), 0o755))
				d.write(t, "e/f", "f", time.Now())
			},
			want: map[string]string{"e/f": "f"},
		},
		{
			name:   "symlinks skipped",
			before: map[string]string{"real": "r"},
			change: func(t *testing.T, d *dirFix) {
				require.NoError(t, os.Symlink("real", d.path("link")))
				d.write(t, "after", "a", time.Now())
			},
			want: map[string]string{"real": "r", "after": "a"},
		},
		{
			name:   "symlinks followed with --copy-links",
			links:  true,
			before: map[string]string{"real": "r"},
			change: func(t *testing.T, d *dirFix) {
				require.NoError(t, os.Symlink("real", d.path("link")))
			},
			want: map[string]string{"real": "r", "link": "r"},
		},
	} {
		for _, k := range []struct {
			name string
			dst  func(*testing.T) fixture
		}{{"to-memory", memKind}, {"to-local", dirKind}} {
			t.Run(tc.name+"/"+k.name, func(t *testing.T) {
				src, dst := newDir(t), k.dst(t)
				for p, d := range tc.before {
					src.write(t, p, d, t0)
				}
				o := tc.opts
				f, err := csync.NewFilter(tc.fopts)
				require.NoError(t, err)
				o.Filter = f
				startWatchLinks(t, src, dst, o, csync.WatchOptions{Debounce: 50 * time.Millisecond}, tc.links)
				before := tc.before
				if before == nil {
					before = map[string]string{}
				}
				converges(t, dst, before)
				tc.change(t, src)
				converges(t, dst, tc.want)
			})
		}
	}
}
