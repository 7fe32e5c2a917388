package sync

import (
	"log/slog"
	"time"
)

// Options tune a Syncer. The zero value of each field means its default.
type Options struct {
	Mode      Mode // SizeMtime, Checksum or SizeOnly
	Transfers int  // files copied at once (default 4)
	Checkers  int  // hash comparisons at once (default 8)
	Delete    bool // delete destination files the source lacks
	DryRun    bool // plan only: OnPlan sees each action, nothing changes
	Filter    *Filter
	// ModifyWindow is how much older than the source's mtime the
	// destination's may be and still count as up to date; it absorbs the
	// rounding of mtimes through metadata (default 1ms).
	ModifyWindow time.Duration
	// Retries is how many times a transient error (errs.Retryable) is
	// retried, with exponential backoff from RetryBase up to RetryMax
	// (defaults 5, 250ms, 15s).
	Retries             int
	RetryBase, RetryMax time.Duration
	// ChangedRetries is how many times a file that changed while it was
	// copied is tried again, ChangedDelay apart (defaults 3 and 1s).
	ChangedRetries int
	ChangedDelay   time.Duration
	// Grace is how long in-flight copies may run on once the ctx given to
	// Run or Watch is cancelled; then they are aborted (default 10s).
	Grace time.Duration
	// BWLimit paces all transfers together (nil: no limit).
	BWLimit *Limiter
	// Log gets per-file events (Debug), skips (Warn) and failures (Error).
	Log *slog.Logger
	// OnPlan, if set, is told about every copy and delete as it is
	// planned (dry run) or started.
	OnPlan func(Action)
	// Stats collects the counters; one is made if nil.
	Stats *Stats
}

// Action is one step of a plan.
type Action struct {
	Op     string // "copy" or "delete"
	Path   string
	Size   int64
	Reason string // why a copy: "new", "size differs", ...
}

func (o *Options) defaults() {
	if o.Transfers <= 0 {
		o.Transfers = 4
	}
	if o.Checkers <= 0 {
		o.Checkers = 8
	}
	if o.ModifyWindow <= 0 {
		o.ModifyWindow = time.Millisecond
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 5
	}
	if o.RetryBase <= 0 {
		o.RetryBase = 250 * time.Millisecond
	}
	if o.RetryMax <= 0 {
		o.RetryMax = 15 * time.Second
	}
	if o.ChangedRetries <= 0 {
		o.ChangedRetries = 3
	}
	if o.ChangedDelay <= 0 {
		o.ChangedDelay = time.Second
	}
	if o.Grace <= 0 {
		o.Grace = 10 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Stats == nil {
		o.Stats = NewStats()
	}
}
