package sync

import (
	"context"
	"errors"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions tune Watch. Zero fields get their defaults.
type WatchOptions struct {
	// Debounce is how long a path must be quiet before it is copied
	// (default 500ms).
	Debounce time.Duration
	// MaxWait releases a path that never goes quiet (default 1m, and at
	// least 10 × Debounce).
	MaxWait time.Duration
	// RescanInterval is the period of the full pass that repairs whatever
	// the events missed (default 1h).
	RescanInterval time.Duration
	// PollInterval is the period of passes for a remote source, and for a
	// local one whose tree could not all be watched (default 1m).
	PollInterval time.Duration
	// RetryDelay is how long a failed copy waits before it is tried again
	// (default 30s).
	RetryDelay time.Duration
	// OnUpdate is called after each pass and each batch (to write the
	// status file, say).
	OnUpdate func()

	// Test hooks: extra watch errors, and a stand-in for inotify's Add.
	injectErrors <-chan error
	addWatch     func(string) error
}

func (o *WatchOptions) defaults() {
	if o.Debounce <= 0 {
		o.Debounce = 500 * time.Millisecond
	}
	if o.MaxWait <= 0 {
		o.MaxWait = max(time.Minute, 10*o.Debounce)
	}
	if o.RescanInterval <= 0 {
		o.RescanInterval = time.Hour
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Minute
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = 30 * time.Second
	}
	if o.OnUpdate == nil {
		o.OnUpdate = func() {}
	}
}

// Watch makes a first pass and then keeps the destination in step until
// ctx is cancelled. For a local source, changes are pushed as they happen
// (fsnotify, debounced per path, batched) with a full rescan every
// RescanInterval; for a remote source, a pass runs every PollInterval.
//
// When ctx is cancelled, nothing new starts; copies in flight get
// Options.Grace to finish and are then aborted, leaving no partial object.
// A clean stop returns nil. Errors on single files are logged, counted in
// Stats and retried later; they never stop the watch.
func (s *Syncer) Watch(ctx context.Context, wo WatchOptions) error {
	wo.defaults()
	work, cancel := graceContext(ctx, s.opts.Grace)
	defer cancel()
	if l, ok := s.src.(*localSide); ok {
		return s.watchLocal(ctx, work, l, wo)
	}
	return s.poll(ctx, work, wo)
}

// poll re-runs the one-shot pass for a remote source.
func (s *Syncer) poll(ctx, work context.Context, wo WatchOptions) error {
	for {
		res, err := s.run(ctx, work, "")
		s.logPass(res, err)
		s.stats.setState("watching")
		wo.OnUpdate()
		if !sleepCtx(ctx, wo.PollInterval) {
			s.stats.setState("stopped")
			wo.OnUpdate()
			return nil
		}
	}
}

func (s *Syncer) logPass(res Result, err error) {
	if err != nil && !errors.Is(err, context.Canceled) {
		s.log.Warn("pass finished with errors", "result", res.String(), "err", err)
		return
	}
	s.log.Info("pass finished", "copied", res.Copied, "bytes", res.Bytes, "deleted", res.Deleted,
		"checked", res.Checked, "failed", res.Failed, "duration", res.Duration.String())
}

// watchLocal is the event loop for a local source. One goroutine (this
// one) owns the debouncer and the loop state; batches and passes run in
// their own goroutines and report back on channels.
func (s *Syncer) watchLocal(ctx, work context.Context, l *localSide, wo WatchOptions) error {
	if err := s.checkSource(); err != nil {
		return err
	}
	// Batches write without a pass's listing, so make sure now that the
	// destination exists (a missing container is created).
	if err := s.dst.Prepare(work); err != nil {
		s.log.Warn("cannot prepare the destination; will retry with each pass", "err", err)
	}
	tw, err := newTreeWatcher(l.root, s.opts.Filter, s.log)
	if err != nil {
		return err
	}
	defer tw.Close()
	if wo.addWatch != nil {
		tw.add = wo.addWatch
	}
	if _, err := tw.addTree(""); err != nil {
		return err
	}
	w := &watchLoop{
		s: s, l: l, tw: tw, wo: wo, ctx: ctx, work: work,
		deb:       newDebouncer(wo.Debounce, wo.MaxWait),
		inflight:  map[string]bool{},
		goneDirs:  map[string]bool{},
		sem:       make(chan struct{}, s.opts.Transfers),
		sent:      map[string]sentState{},
		batchDone: make(chan batchResult),
		passDone:  make(chan struct{}),
		retry:     make(chan []string),
		rescan:    true, // the first pass
	}
	return w.loop()
}

// loop is the heart of watch mode.
func (w *watchLoop) loop() error {
	rescanTick := time.NewTicker(w.wo.RescanInterval)
	defer rescanTick.Stop()
	pollTick := time.NewTicker(w.wo.PollInterval)
	defer pollTick.Stop()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()

	for {
		w.dispatch()
		w.s.stats.pending.Store(int64(w.deb.len() + len(w.inflight)))
		if at, ok := w.deb.next(); ok && !w.passing {
			timer.Reset(max(time.Until(at), 0))
		} else {
			timer.Reset(time.Hour)
		}
		select {
		case <-w.ctx.Done():
			return w.stop()
		case ev, ok := <-w.tw.fsw.Events:
			if ok {
				w.event(ev)
			}
		case err, ok := <-w.tw.fsw.Errors:
			if ok {
				w.watchError(err)
			}
		case err := <-w.wo.injectErrors:
			w.watchError(err)
		case <-timer.C:
		case r := <-w.batchDone:
			w.finished(r)
		case <-w.passDone:
			w.passing = false
			w.s.stats.setState("watching")
			w.wo.OnUpdate()
		case paths := <-w.retry:
			now := time.Now()
			for _, p := range paths {
				w.deb.add(p, now)
			}
		case <-rescanTick.C:
			w.rescan = true
		case <-pollTick.C:
			if w.tw.isDegraded() {
				w.rescan = true
			}
		}
	}
}

// event files one fsnotify event.
func (w *watchLoop) event(ev fsnotify.Event) {
	rel, ok := w.tw.rel(ev.Name)
	if !ok || isTempName(baseName(rel)) || w.s.opts.Filter.SkipDir(rel) {
		return
	}
	now := time.Now()
	switch {
	case ev.Has(fsnotify.Create) && isDir(ev.Name):
		// A new directory (made, or moved in): watch it, and queue what
		// is already inside, which may predate the watch.
		files, _ := w.tw.addTree(rel)
		for _, f := range files {
			w.deb.add(f, now)
		}
		delete(w.goneDirs, rel)
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		if w.tw.forget(rel) {
			w.goneDirs[rel] = true
		}
		w.deb.add(rel, now)
	default: // Create, Write, Chmod
		w.deb.add(rel, now)
	}
}

func (w *watchLoop) watchError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		w.s.log.Warn("file event queue overflowed; rescanning the tree")
	} else {
		w.s.log.Warn("file watch error; rescanning the tree", "err", err)
	}
	w.rescan = true
}

// dispatch starts a rescan when one is wanted and nothing else runs, or
// else a batch of the paths whose quiet period is over.
func (w *watchLoop) dispatch() {
	if w.ctx.Err() != nil || w.passing {
		return
	}
	if w.rescan {
		if w.batches > 0 {
			return // let running batches finish first
		}
		w.rescan, w.passing = false, true
		w.s.stats.setState("rescanning")
		go func() {
			res, err := w.s.run(w.ctx, w.work, "")
			w.s.logPass(res, err)
			w.passDone <- struct{}{}
		}()
		return
	}
	now := time.Now()
	var batch []string
	for _, p := range w.deb.due(now) {
		if w.inflight[p] {
			w.deb.add(p, now) // one copy of a path at a time: after this one
			continue
		}
		w.inflight[p] = true
		batch = append(batch, p)
	}
	if len(batch) == 0 {
		return
	}
	gone := map[string]bool{}
	for _, p := range batch {
		if w.goneDirs[p] {
			gone[p] = true
			delete(w.goneDirs, p)
		}
	}
	w.batches++
	go func() { w.batchDone <- w.runBatch(batch, gone) }()
}

// finished files a batch's outcome.
func (w *watchLoop) finished(r batchResult) {
	w.batches--
	now := time.Now()
	for _, p := range r.paths {
		delete(w.inflight, p)
	}
	for _, p := range r.again {
		w.deb.add(p, now)
	}
	if len(r.later) > 0 {
		later := r.later
		time.AfterFunc(w.wo.RetryDelay, func() {
			select {
			case w.retry <- later:
			case <-w.ctx.Done():
			}
		})
	}
	if r.ok {
		w.s.stats.succeeded(now)
	}
	w.wo.OnUpdate()
}

// stop waits for the batches and pass in flight (each gets the grace
// period, then is aborted) and returns.
func (w *watchLoop) stop() error {
	w.s.stats.setState("stopping")
	for w.batches > 0 || w.passing {
		select {
		case r := <-w.batchDone:
			w.batches--
			_ = r
		case <-w.passDone:
			w.passing = false
		}
	}
	w.s.stats.setState("stopped")
	w.wo.OnUpdate()
	return nil
}

func baseName(rel string) string {
	for i := len(rel) - 1; i >= 0; i-- {
		if rel[i] == '/' {
			return rel[i+1:]
		}
	}
	return rel
}
