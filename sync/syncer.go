package sync

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Syncer keeps dst in step with src.
type Syncer struct {
	src, dst Side
	opts     Options
	stats    *Stats
	log      *slog.Logger
}

// New makes a Syncer; opts' zero fields get their defaults.
func New(src, dst Side, opts Options) *Syncer {
	opts.defaults()
	s := &Syncer{src: src, dst: dst, opts: opts, stats: opts.Stats, log: opts.Log}
	if l, ok := src.(*localSide); ok {
		l.onSkip = func() { s.stats.skipped.Add(1) }
	}
	return s
}

// Stats are the Syncer's running counters.
func (s *Syncer) Stats() *Stats { return s.stats }

// Result sums up one pass.
type Result struct {
	Checked int64 // found up to date
	Copied  int64
	Bytes   int64
	Deleted int64
	Failed  int64
	Skipped int64
	Held    int64 // deletes withheld because something failed
	// Planned and PlannedBytes count the copies planned, and ToDelete the
	// deletes: in a dry run, what would have been done.
	Planned, PlannedBytes, ToDelete int64
	Duration                        time.Duration
}

func (r Result) String() string {
	if r.Copied == 0 && r.Deleted == 0 && (r.Planned > 0 || r.ToDelete > 0) && r.Failed == 0 {
		return fmt.Sprintf("would copy %d (%s), would delete %d, %d up to date, %d skipped in %v",
			r.Planned, fmtBytes(r.PlannedBytes), r.ToDelete, r.Checked, r.Skipped, r.Duration.Round(time.Millisecond))
	}
	return fmt.Sprintf("%d copied (%s), %d deleted, %d up to date, %d skipped, %d failed in %v",
		r.Copied, fmtBytes(r.Bytes), r.Deleted, r.Checked, r.Skipped, r.Failed, r.Duration.Round(time.Millisecond))
}

func diff(a, b Snapshot, d time.Duration) Result {
	return Result{
		Checked:      b.Counters.Checked - a.Counters.Checked,
		Copied:       b.Counters.Copied - a.Counters.Copied,
		Bytes:        b.Counters.CopiedBytes - a.Counters.CopiedBytes,
		Deleted:      b.Counters.Deleted - a.Counters.Deleted,
		Failed:       b.Counters.Failed - a.Counters.Failed,
		Skipped:      b.Counters.Skipped - a.Counters.Skipped,
		Held:         b.Counters.DeletesHeld - a.Counters.DeletesHeld,
		Planned:      b.Counters.Queued - a.Counters.Queued,
		PlannedBytes: b.Counters.QueuedBytes - a.Counters.QueuedBytes,
		ToDelete:     b.Counters.ToDelete - a.Counters.ToDelete,
		Duration:     d,
	}
}

// graceContext returns a context for work in flight: it outlives ctx by
// grace, so that copies started before a stop may finish, and is then
// cancelled, which aborts them cleanly (a storage.Writer discards its
// upload when its ctx ends).
func graceContext(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(grace, cancel)
		context.AfterFunc(work, func() { t.Stop() })
	})
	return work, func() { stop(); cancel() }
}

func fmtBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
