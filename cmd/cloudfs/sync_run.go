package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	csync "github.com/cloudfs/cloudfs/sync"
)

// runSync wires the flags, the config's accounts and the sync engine.
func runSync(ctx context.Context, o *syncOptions, srcArg, dstArg string) error {
	if err := o.validate(); err != nil {
		return err
	}
	if o.Daemon && !isSyncDaemonChild() {
		return daemonizeSync(o)
	}
	err := runSyncForeground(ctx, o, srcArg, dstArg)
	return syncReady(err) // a no-op unless a daemon child failed before being ready
}

func (o *syncOptions) validate() error {
	switch {
	case o.Checksum && o.SizeOnly:
		return usagef("sync: --checksum and --size-only do not go together")
	case o.Transfers < 1 || o.Checkers < 1:
		return usagef("sync: --transfers and --checkers must be at least 1")
	case o.Watch && o.DryRun:
		return usagef("sync: --watch and --dry-run do not go together")
	case o.Daemon && o.DryRun:
		return usagef("sync: --daemon and --dry-run do not go together")
	}
	return nil
}

func runSyncForeground(ctx context.Context, o *syncOptions, srcArg, dstArg string) error {
	tuneGCForSync()
	a := appFrom(ctx)
	log, closeLog, err := o.logger(a)
	if err != nil {
		return err
	}
	defer closeLog()
	filter, err := csync.NewFilter(csync.FilterOptions{
		Include: o.Include, Exclude: o.Exclude, ExcludeFrom: o.ExcludeFrom, NoDefaults: o.NoDefaultExcludes,
	})
	if err != nil {
		return usagef("sync: %w", err)
	}
	lopts := csync.LocalOptions{CopyLinks: o.CopyLinks, Log: log}
	src, dst, err := openSyncSides(ctx, a, srcArg, dstArg, lopts)
	if err != nil {
		return err
	}
	if o.PidFile != "" {
		if err := os.WriteFile(o.PidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			return fmt.Errorf("sync: --pid-file: %w", err)
		}
		defer os.Remove(o.PidFile)
	}

	stats := csync.NewStats()
	writeStatus := func() {
		if o.StatusFile == "" {
			return
		}
		if err := csync.WriteStatus(o.StatusFile, stats.Snapshot()); err != nil {
			log.Warn("cannot write the status file", "path", o.StatusFile, "err", err)
		}
	}
	opts := csync.Options{
		Transfers: o.Transfers, Checkers: o.Checkers, Delete: o.Delete, DryRun: o.DryRun,
		Filter: filter, ModifyWindow: o.ModifyWindow, Retries: o.Retries, Grace: o.Grace,
		BWLimit: csync.NewLimiter(int64(o.BWLimit)), Log: log, Stats: stats,
	}
	if o.Retries == 0 {
		opts.Retries = -1 // --retries 0: none
	}
	switch {
	case o.Checksum:
		opts.Mode = csync.Checksum
	case o.SizeOnly:
		opts.Mode = csync.SizeOnly
	}
	if o.DryRun {
		opts.OnPlan = planPrinter(a.stdout)
	}
	s := csync.New(src, dst, opts)
	if err := s.Check(); err != nil {
		return err
	}
	if err := syncReady(nil); err != nil {
		return err
	}

	var prog *csync.Progress
	if !o.Quiet && !o.JSON && o.LogFile == "" && !o.Daemon && !o.Watch && isTerminal(a.stderr) {
		prog = csync.StartProgress(a.stderr, stats, 250*time.Millisecond)
	}
	stopProgress := func() {
		if prog != nil {
			prog.Stop()
			prog = nil
		}
	}
	defer stopProgress()

	stopStatus := keepWriting(o.StatusFile != "", 2*time.Second, writeStatus)
	if o.Watch {
		log.Info("sync watching", "src", src.String(), "dst", dst.String())
		err := s.Watch(ctx, csync.WatchOptions{
			Debounce: o.Debounce, RescanInterval: o.RescanInterval, PollInterval: o.PollInterval,
			OnUpdate: writeStatus,
		})
		stopStatus()
		writeStatus()
		return err
	}
	res, err := s.Run(ctx)
	stopStatus()
	stopProgress()
	writeStatus()
	switch {
	case res.Duration == 0:
		// the pass never started: the error says why
	case o.JSON:
		log.Info("sync finished", "copied", res.Copied, "bytes", res.Bytes, "deleted", res.Deleted,
			"checked", res.Checked, "skipped", res.Skipped, "failed", res.Failed,
			"deletes_withheld", res.Held, "duration", res.Duration.String())
	case !o.Quiet:
		what := "sync"
		if o.DryRun {
			what = "sync (dry run)"
		}
		fmt.Fprintf(a.stderr, "%s: %s\n", what, res)
		if res.Held > 0 {
			fmt.Fprintf(a.stderr, "sync: %d deletes withheld because of the errors above\n", res.Held)
		}
	}
	return err
}

// logger builds the run's slog logger: text or JSON, on stderr or the
// log file, at the root's --log-level.
func (o *syncOptions) logger(a *app) (*slog.Logger, func(), error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.opts.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	if os.Getenv("CLOUDFS_DEBUG") == "1" {
		level = slog.LevelDebug
	}
	var w io.Writer = a.stderr
	closer := func() {}
	if o.LogFile != "" {
		f, err := os.OpenFile(o.LogFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("sync: --log-file: %w", err)
		}
		w, closer = f, func() { f.Close() }
	}
	ho := &slog.HandlerOptions{Level: level}
	if o.JSON {
		return slog.New(slog.NewJSONHandler(w, ho)), closer, nil
	}
	return slog.New(slog.NewTextHandler(w, ho)), closer, nil
}

// openSyncSides opens both sides and refuses overlapping ones (a
// destination inside its own source would feed itself forever).
func openSyncSides(ctx context.Context, a *app, srcArg, dstArg string, lopts csync.LocalOptions) (csync.Side, csync.Side, error) {
	sl, dl := parseLocation(srcArg), parseLocation(dstArg)
	if err := checkOverlap(sl, dl); err != nil {
		return nil, nil, err
	}
	src, err := openSyncSide(ctx, a, sl, lopts)
	if err != nil {
		return nil, nil, err
	}
	dst, err := openSyncSide(ctx, a, dl, lopts)
	if err != nil {
		return nil, nil, err
	}
	return src, dst, nil
}

func openSyncSide(ctx context.Context, a *app, l location, lopts csync.LocalOptions) (csync.Side, error) {
	if !l.remote() {
		return csync.NewLocal(l.Local, lopts), nil
	}
	if l.Container == "" {
		return nil, usagef("sync: %q: name a container: %s:CONTAINER[/prefix]", l.Raw, l.Account)
	}
	reg, err := a.Registry()
	if err != nil {
		return nil, err
	}
	acct, err := reg.Storage(ctx, l.Account)
	if err != nil {
		return nil, err
	}
	return csync.NewStorage(acct, l.Container, l.Key), nil
}

func checkOverlap(s, d location) error {
	inside := func(a, b string) bool { return a == b || strings.HasPrefix(a, b+"/") }
	switch {
	case !s.remote() && !d.remote():
		sa, err1 := filepath.Abs(s.Local)
		da, err2 := filepath.Abs(d.Local)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		if inside(sa, da) || inside(da, sa) {
			return usagef("sync: %s and %s overlap", s.Raw, d.Raw)
		}
	case s.remote() && d.remote() && s.Account == d.Account && s.Container == d.Container:
		sp, dp := strings.Trim(s.Key, "/"), strings.Trim(d.Key, "/")
		if sp == "" || dp == "" || inside(sp, dp) || inside(dp, sp) {
			return usagef("sync: %s and %s overlap", s.Raw, d.Raw)
		}
	}
	return nil
}

// planPrinter prints a dry run's plan on stdout, one action a line.
func planPrinter(w io.Writer) func(csync.Action) {
	return func(act csync.Action) {
		if act.Op == "delete" {
			fmt.Fprintf(w, "delete  %s\n", act.Path)
			return
		}
		fmt.Fprintf(w, "copy    %s  (%s, %d bytes)\n", act.Path, act.Reason, act.Size)
	}
}

// keepWriting calls write every period until the returned stop is called
// (a long one-shot pass keeps its status file fresh).
func keepWriting(on bool, period time.Duration, write func()) (stop func()) {
	if !on {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				write()
			case <-done:
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			<-finished
		})
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
