package sync

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/fsnotify/fsnotify"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// watchFixture runs Watch from a temp dir to a memory account.
type watchFixture struct {
	root  string
	acct  *storage.Account
	stats *Stats
	stop  func()
}

func startInternalWatch(t *testing.T, wo WatchOptions, files map[string]string) *watchFixture {
	t.Helper()
	root := t.TempDir()
	for p, d := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(d), 0o644))
	}
	acct := storage.New("mem", memory.New())
	require.NoError(t, acct.CreateContainer(context.Background(), "c"))
	stats := NewStats()
	s := New(NewLocal(root, LocalOptions{}), NewStorage(acct, "c", ""), Options{Stats: stats, Delete: true})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx, wo) }()
	f := &watchFixture{root: root, acct: acct, stats: stats}
	f.stop = func() {
		cancel()
		require.NoError(t, <-done)
	}
	t.Cleanup(func() {
		if f.stop != nil {
			f.stop()
		}
	})
	f.waitFor(t, "first pass", func() bool {
		snap := stats.Snapshot()
		return snap.Passes >= 1 && snap.State == "watching"
	})
	return f
}

func (f *watchFixture) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (f *watchFixture) object(key string) (string, bool) {
	r, err := f.acct.NewReader(context.Background(), "c", key, nil)
	if err != nil {
		return "", false
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	return string(b), true
}

// An event-queue overflow makes a rescan, which repairs what the lost
// events would have told.
func TestWatchOverflowRescans(t *testing.T) {
	errc := make(chan error, 1)
	f := startInternalWatch(t, WatchOptions{Debounce: 20 * time.Millisecond, injectErrors: errc}, map[string]string{"a": "1"})
	_, ok := f.object("a")
	require.True(t, ok)
	// Something the events cannot show: the object vanished remotely.
	require.NoError(t, f.acct.Delete(context.Background(), "c", "a"))
	errc <- fsnotify.ErrEventOverflow
	f.waitFor(t, "rescan restores a", func() bool {
		got, ok := f.object("a")
		return ok && got == "1"
	})
	assert.GreaterOrEqual(t, f.stats.Snapshot().Passes, int64(2))
}

// When inotify's watch limit is hit (ENOSPC from Add), the watch degrades
// to polling rescans, and changes in unwatched directories still arrive.
func TestWatchLimitFallsBackToRescans(t *testing.T) {
	add := func(name string) error {
		if strings.Contains(name, "unwatched") {
			return syscall.ENOSPC
		}
		return nil // pretend: no events at all come from the kernel
	}
	f := startInternalWatch(t, WatchOptions{Debounce: 20 * time.Millisecond, PollInterval: 100 * time.Millisecond, addWatch: add},
		map[string]string{"unwatched/x": "1"})
	require.NoError(t, os.WriteFile(filepath.Join(f.root, "unwatched", "y"), []byte("2"), 0o644))
	f.waitFor(t, "a polling rescan copies y", func() bool {
		got, ok := f.object("unwatched/y")
		return ok && got == "2"
	})
}
