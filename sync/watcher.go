package sync

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// treeWatcher watches every directory of a local tree with inotify (which
// is not recursive), adding directories as they are created and dropping
// them as they go. If the kernel's watch limit is reached (ENOSPC from
// Add), it stops adding and marks itself degraded: the caller then falls
// back to periodic rescans.
type treeWatcher struct {
	fsw    *fsnotify.Watcher
	root   string
	filter *Filter
	log    *slog.Logger

	add func(string) error // fsw.Add, or a test's stand-in

	mu       gosync.Mutex
	dirs     map[string]bool // relative paths of watched directories
	degraded bool
}

func newTreeWatcher(root string, f *Filter, log *slog.Logger) (*treeWatcher, error) {
	fsw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return nil, err
	}
	return &treeWatcher{fsw: fsw, add: fsw.Add, root: root, filter: f, log: log, dirs: map[string]bool{}}, nil
}

func (w *treeWatcher) Close() error { return w.fsw.Close() }

// rel maps an event's file name to a path relative to the root; ok is
// false for the root itself and for names outside it.
func (w *treeWatcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// addTree watches the directory rel and every directory beneath it that
// the filter does not prune, and returns the files it finds there (for a
// directory that appeared after the first pass, they may predate the
// watch, so their own events were lost).
func (w *treeWatcher) addTree(rel string) (files []string, err error) {
	start := filepath.Join(w.root, filepath.FromSlash(rel))
	err = filepath.WalkDir(start, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already: its Remove event will follow
			}
			w.log.Warn("cannot watch directory", "path", p, "err", err)
			return nil
		}
		r, _ := w.rel(p)
		if de.IsDir() {
			if r != "" && w.filter.SkipDir(r) {
				return filepath.SkipDir
			}
			return w.watch(p, r)
		}
		if r != "" && (de.Type().IsRegular() || de.Type()&fs.ModeSymlink != 0) {
			files = append(files, r)
		}
		return nil
	})
	return files, err
}

func (w *treeWatcher) watch(abs, rel string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.degraded {
		return filepath.SkipAll
	}
	if err := w.add(abs); err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			w.degraded = true
			w.log.Warn("inotify watch limit reached (fs.inotify.max_user_watches); falling back to periodic rescans", "watched", len(w.dirs))
			return filepath.SkipAll
		}
		if errors.Is(err, fs.ErrNotExist) {
			return filepath.SkipDir
		}
		w.log.Warn("cannot watch directory", "path", abs, "err", err)
		return filepath.SkipDir
	}
	w.dirs[rel] = true
	return nil
}

// forget drops the watches of rel and everything beneath it (it was
// removed or renamed away). It reports whether rel was a watched directory.
func (w *treeWatcher) forget(rel string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.dirs[rel] {
		return false
	}
	for d := range w.dirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			delete(w.dirs, d)
			_ = w.fsw.Remove(filepath.Join(w.root, filepath.FromSlash(d)))
		}
	}
	return true
}

func (w *treeWatcher) isDegraded() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.degraded
}

// isDir reports whether the path is a directory right now.
func isDir(name string) bool {
	fi, err := os.Lstat(name)
	return err == nil && fi.IsDir()
}
