package sync

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	gosync "sync"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// watchLoop is the state of Watch on a local source. Fields above mu are
// owned by the loop goroutine.
type watchLoop struct {
	s         *Syncer
	l         *localSide
	tw        *treeWatcher
	wo        WatchOptions
	ctx, work context.Context

	deb      *debouncer
	inflight map[string]bool // paths in a running batch
	goneDirs map[string]bool // watched directories removed or renamed away
	batches  int             // batches running
	passing  bool            // a pass is running
	rescan   bool            // a pass is wanted

	sem       chan struct{} // Transfers slots shared by all batches
	batchDone chan batchResult
	passDone  chan struct{}
	retry     chan []string

	mu   gosync.Mutex
	sent map[string]sentState // what this loop last copied, to skip no-op events
}

// batchResult is what a batch tells the loop when it is done.
type batchResult struct {
	paths []string // the batch, no longer in flight
	again []string // changed while copied: queue again now
	later []string // failed or withheld: try again after RetryDelay
	ok    bool     // nothing failed
}

// runBatch copies the files of a batch that exist, then, only if all of
// them made it, deletes (with --delete) the ones that are gone. A path
// that was a directory takes every destination file beneath it along.
func (w *watchLoop) runBatch(paths []string, gone map[string]bool) batchResult {
	s := w.s
	res := batchResult{paths: paths, ok: true}
	var ups []Entry
	var dels []string
	for _, p := range paths {
		fi, err := w.l.stat(filepath.Join(w.l.root, filepath.FromSlash(p)))
		switch {
		case err != nil && !isMissing(err):
			s.classify(p, "copy", localErr(err, "stat", p))
			res.ok = false
		case err != nil || !(fi.Mode().IsRegular() || fi.IsDir()):
			// gone, or no longer a file we copy (a symlink without -L)
			if s.opts.Delete && (gone[p] || s.opts.Filter.Match(p)) {
				dels = append(dels, p)
			}
		case fi.IsDir():
			// directories are handled when they appear (Create)
		case !s.opts.Filter.Match(p):
		default:
			w.mu.Lock()
			seen := w.sent[p] == sentState{fi.Size(), fi.ModTime().UnixNano()}
			w.mu.Unlock()
			if !seen {
				ups = append(ups, Entry{Path: p, Size: fi.Size(), ModTime: fi.ModTime()})
			}
		}
	}

	var mu gosync.Mutex
	var wg gosync.WaitGroup
	for _, e := range ups {
		if !w.acquire() {
			break
		}
		s.stats.queued.Add(1)
		s.stats.queuedBytes.Add(e.Size)
		if s.opts.OnPlan != nil {
			s.opts.OnPlan(Action{Op: "copy", Path: e.Path, Size: e.Size, Reason: "changed"})
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.release()
			sent, err := s.copyFile(w.work, e, nil)
			out := s.classify(e.Path, "copy", err)
			mu.Lock()
			defer mu.Unlock()
			switch out {
			case outcomeOK:
				w.remember(sent)
			case outcomeChanged:
				res.again = append(res.again, e.Path)
			case outcomeFailed:
				res.ok = false
				if errs.Retryable(err) || errs.Is(err, errs.Canceled) {
					res.later = append(res.later, e.Path)
				}
			}
		}()
	}
	wg.Wait()

	if len(dels) == 0 || w.ctx.Err() != nil {
		return res
	}
	if !res.ok {
		s.stats.deletesSkips.Add(int64(len(dels)))
		s.log.Warn("deletes withheld: a copy in the same batch failed", "deletes", len(dels))
		res.later = append(res.later, dels...)
		return res
	}
	for _, p := range dels {
		if !w.acquire() {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.release()
			if !w.deleteGone(p, gone[p]) {
				mu.Lock()
				res.ok = false
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return res
}

// deleteGone deletes the destination file for a path that is gone, and,
// if it was a directory, every destination file beneath it, but never one
// that exists again locally by now.
func (w *watchLoop) deleteGone(p string, wasDir bool) bool {
	s := w.s
	ok := true
	if !w.existsLocally(p) && s.opts.Filter.Match(p) {
		if s.deleteFile(w.work, p) == outcomeFailed {
			ok = false
		}
		w.forget(p)
	}
	if !wasDir {
		return ok
	}
	for e, err := range s.dst.List(w.work, p, s.opts.Filter) {
		if err != nil {
			s.classify(p, "list", err)
			return false
		}
		if !w.existsLocally(e.Path) {
			if s.deleteFile(w.work, e.Path) == outcomeFailed {
				ok = false
			}
			w.forget(e.Path)
		}
	}
	return ok
}

func (w *watchLoop) existsLocally(p string) bool {
	fi, err := w.l.stat(filepath.Join(w.l.root, filepath.FromSlash(p)))
	return err == nil && fi.Mode().IsRegular()
}

// sentState is the size and mtime of a file as it was copied.
type sentState struct {
	size  int64
	mtime int64
}

// remember records what was just copied (as read, not as the file is now:
// a change since must not be mistaken for what was sent).
func (w *watchLoop) remember(e Entry) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.sent) > 100_000 {
		clear(w.sent) // a cache, not state: keep it bounded
	}
	w.sent[e.Path] = sentState{e.Size, e.ModTime.UnixNano()}
}

func (w *watchLoop) forget(p string) {
	w.mu.Lock()
	delete(w.sent, p)
	w.mu.Unlock()
}

func (w *watchLoop) acquire() bool {
	select {
	case w.sem <- struct{}{}:
		return true
	case <-w.ctx.Done():
		return false
	}
}

func (w *watchLoop) release() { <-w.sem }

func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
