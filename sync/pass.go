package sync

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	gosync "sync"
	"sync/atomic"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"golang.org/x/sync/errgroup"
)

// Run makes one pass: list both sides, compare, copy, then delete (with
// Options.Delete, and only if nothing failed). Cancelling ctx stops
// planning and starting copies; copies in flight get Options.Grace to
// finish. The error is non-nil if anything failed or the pass was stopped.
func (s *Syncer) Run(ctx context.Context) (Result, error) {
	work, cancel := graceContext(ctx, s.opts.Grace)
	defer cancel()
	return s.run(ctx, work, "")
}

// pass is the state of one Run.
type pass struct {
	s         *Syncer
	ctx, work context.Context
	xfers     *workers
	checks    errgroup.Group

	dstMissing bool
	prep       gosync.Once
	prepErr    error

	failed  atomic.Int64
	mu      gosync.Mutex
	deletes []string
	changed []Entry
}

func (s *Syncer) run(ctx, work context.Context, under string) (Result, error) {
	start := time.Now()
	before := s.stats.Snapshot()
	if err := s.checkSource(); err != nil {
		return Result{}, err
	}
	s.stats.setState("syncing")
	p := &pass{s: s, ctx: ctx, work: work}
	p.xfers = newWorkers(s.opts.Transfers)
	defer p.xfers.Close()
	p.checks.SetLimit(s.opts.Checkers)

	lctx, stopLists := context.WithCancel(ctx)
	srcCh := listAsync(lctx, s.src.List(lctx, under, s.opts.Filter))
	dstCh := listAsync(lctx, missingIsEmpty(s.dst.List(lctx, under, s.opts.Filter), &p.dstMissing))
	err := mergeJoin(ctx, s.src.String(), srcCh, s.dst.String(), dstCh, p.listFailed, p.plan)
	stopLists()
	p.checks.Wait()
	p.xfers.Wait()
	switch {
	case err == nil:
		p.retryChanged()
	case ctx.Err() != nil:
		err = nil // stopped: reported below
	default:
		p.failed.Add(1)
		s.log.Error("listing failed", "err", err)
	}
	p.runDeletes(err) // a stop withholds the deletes too
	s.stats.passes.Add(1)
	res := diff(before, s.stats.Snapshot(), time.Since(start))
	switch {
	case err != nil:
	case ctx.Err() != nil:
		err = fmt.Errorf("sync stopped: %w", context.Cause(ctx))
	case res.Failed > 0:
		err = fmt.Errorf("%d of the files failed", res.Failed)
	default:
		s.stats.succeeded(time.Now())
	}
	s.stats.setState("idle")
	return res, err
}

// Check reports a source that cannot be synced from before any work
// starts; Run and Watch check it too.
func (s *Syncer) Check() error { return s.checkSource() }

// checkSource refuses a local source that is not a directory: listing a
// missing one would look like an empty tree, and with --delete that would
// empty the destination.
func (s *Syncer) checkSource() error {
	l, ok := s.src.(*localSide)
	if !ok {
		return nil // a missing container fails its listing with NotFound
	}
	fi, err := os.Stat(l.root)
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("source %s is not a directory", l.root)
	}
	return nil
}

// missingIsEmpty turns a destination listing that fails at once with
// NotFound (its container does not exist yet) into an empty one.
func missingIsEmpty(seq iter.Seq2[Entry, error], missing *bool) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		first := true
		for e, err := range seq {
			if first && err != nil && errs.Is(err, errs.NotFound) && !isSoft(err) {
				*missing = true
				return
			}
			first = false
			if !yield(e, err) {
				return
			}
		}
	}
}

func (p *pass) listFailed(err error) {
	p.failed.Add(1)
	var le *ListError
	path := ""
	if errors.As(err, &le) {
		path = le.Path
	}
	p.s.stats.fail(path, "list", err)
	p.s.log.Error("cannot list directory", "path", path, "err", err)
}

// plan decides what one pair from the merge-join needs.
func (p *pass) plan(src, dst *Entry) {
	o := &p.s.opts
	switch {
	case src == nil:
		if o.Delete {
			p.mu.Lock()
			p.deletes = append(p.deletes, dst.Path)
			p.mu.Unlock()
		}
	case dst == nil:
		p.copy(*src, nil, "new")
	default:
		switch v, why := compareListings(o.Mode, o.ModifyWindow, *src, *dst); v {
		case same:
			p.s.stats.checked.Add(1)
		case differ:
			p.copy(*src, nil, why)
		case needHash:
			s, d := *src, *dst
			p.checks.Go(func() error {
				p.check(s, d)
				return nil
			})
		}
	}
}

// check compares content hashes (--checksum).
func (p *pass) check(s, d Entry) {
	if p.ctx.Err() != nil {
		return
	}
	v, why, h, err := compareHashes(p.ctx, p.s.src, p.s.dst, s, d, p.s.opts.ModifyWindow)
	switch {
	case err != nil && errs.Is(err, errs.NotFound):
		p.s.stats.skipped.Add(1)
		p.s.log.Warn("file vanished while being checked", "path", s.Path)
	case err != nil:
		p.failed.Add(1)
		p.s.stats.fail(s.Path, "check", err)
		p.s.log.Error("check failed", "path", s.Path, "err", err)
	case v == same:
		p.s.stats.checked.Add(1)
	default:
		p.copy(s, &h, why)
	}
}

// copy queues a file for transfer (or, in a dry run, reports it).
func (p *pass) copy(e Entry, h *Hashes, why string) {
	p.s.stats.queued.Add(1)
	p.s.stats.queuedBytes.Add(e.Size)
	if p.s.opts.OnPlan != nil {
		p.s.opts.OnPlan(Action{Op: "copy", Path: e.Path, Size: e.Size, Reason: why})
	}
	if p.s.opts.DryRun {
		return
	}
	p.xfers.Go(func() { p.transfer(e, h) })
}

// transfer copies one file and files the outcome.
func (p *pass) transfer(e Entry, h *Hashes) {
	if p.ctx.Err() != nil {
		return // stopping: start nothing new
	}
	if p.dstMissing {
		p.prep.Do(func() { p.prepErr = p.s.dst.Prepare(p.work) })
		if p.prepErr != nil {
			p.failed.Add(1)
			p.s.stats.fail(e.Path, "copy", p.prepErr)
			return
		}
	}
	_, err := p.s.copyFile(p.work, e, h)
	switch p.s.classify(e.Path, "copy", err) {
	case outcomeChanged:
		p.mu.Lock()
		p.changed = append(p.changed, e)
		p.mu.Unlock()
	case outcomeFailed:
		p.failed.Add(1)
	}
}

// retryChanged tries again, a little later, the files that changed while
// they were copied; one still changing after the last try is a failure.
func (p *pass) retryChanged() {
	for round := 0; ; round++ {
		p.mu.Lock()
		todo := p.changed
		p.changed = nil
		p.mu.Unlock()
		if len(todo) == 0 || p.ctx.Err() != nil {
			return
		}
		if round == p.s.opts.ChangedRetries {
			for _, e := range todo {
				p.failed.Add(1)
				p.s.stats.fail(e.Path, "copy", fmt.Errorf("%w; gave up after %d tries", ErrSourceChanged, round+1))
				p.s.log.Error("file kept changing while being copied", "path", e.Path, "tries", round+1)
			}
			return
		}
		if !sleepCtx(p.ctx, p.s.opts.ChangedDelay) {
			return
		}
		for _, e := range todo {
			p.xfers.Go(func() {
				ne, err := p.s.src.Stat(p.ctx, e.Path)
				if err != nil {
					if p.s.classify(e.Path, "copy", err) == outcomeFailed {
						p.failed.Add(1)
					}
					return
				}
				p.transfer(ne, nil)
			})
		}
		p.xfers.Wait()
	}
}

// runDeletes deletes what the source lacks, after every copy, and only if
// the pass saw no error at all: a failed listing or copy could mean the
// plan is wrong, and a delete cannot be taken back.
func (p *pass) runDeletes(listErr error) {
	p.mu.Lock()
	dels := p.deletes
	p.deletes = nil
	p.mu.Unlock()
	if len(dels) == 0 {
		return
	}
	if n := p.failed.Load(); n > 0 || listErr != nil || p.ctx.Err() != nil {
		p.s.stats.deletesSkips.Add(int64(len(dels)))
		p.s.log.Warn("not deleting anything: this pass had errors or was stopped", "deletes", len(dels), "errors", n)
		return
	}
	var g errgroup.Group
	g.SetLimit(p.s.opts.Transfers)
	for _, path := range dels {
		p.s.stats.toDelete.Add(1)
		if p.s.opts.OnPlan != nil {
			p.s.opts.OnPlan(Action{Op: "delete", Path: path})
		}
		if p.s.opts.DryRun {
			continue
		}
		if p.ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			p.s.deleteFile(p.work, path)
			return nil
		})
	}
	g.Wait()
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
