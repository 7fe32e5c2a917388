package main

import (
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// syncOptions are `cloudfs sync`'s flags.
type syncOptions struct {
	Transfers, Checkers int
	Checksum, SizeOnly  bool
	Delete, DryRun      bool
	Include, Exclude    []string
	ExcludeFrom         []string
	NoDefaultExcludes   bool
	CopyLinks           bool
	BWLimit             sizeValue
	JSON, Quiet         bool
	Retries             int
	Grace               time.Duration
	ModifyWindow        time.Duration

	Watch          bool
	Debounce       time.Duration
	RescanInterval time.Duration
	PollInterval   time.Duration

	Daemon     bool
	PidFile    string
	LogFile    string
	StatusFile string
}

func (o *syncOptions) AddFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.Transfers, "transfers", 4, "files copied at once")
	fs.IntVar(&o.Checkers, "checkers", 8, "files hashed or compared at once (--checksum)")
	fs.BoolVarP(&o.Checksum, "checksum", "c", false, "compare content hashes (MD5 ETag or stored SHA-256) instead of mtimes")
	fs.BoolVar(&o.SizeOnly, "size-only", false, "compare sizes only")
	fs.BoolVar(&o.Delete, "delete", false, "delete destination files that the source lacks (never after an error in the same pass)")
	fs.BoolVarP(&o.DryRun, "dry-run", "n", false, "print what would be copied and deleted; change nothing")
	fs.StringArrayVar(&o.Include, "include", nil, "copy only files matching this glob (repeatable; excludes win)")
	fs.StringArrayVar(&o.Exclude, "exclude", nil, "leave out files matching this glob (repeatable): '*.log', 'build/', '/top-only/**'")
	fs.StringArrayVar(&o.ExcludeFrom, "exclude-from", nil, "read exclude globs from FILE, one per line (repeatable)")
	fs.BoolVar(&o.NoDefaultExcludes, "no-default-excludes", false, "also copy .git/, .svn/, .hg/ and editor temp files (*.swp, *~, .#*, 4913)")
	fs.BoolVarP(&o.CopyLinks, "copy-links", "L", false, "follow symlinks (otherwise they are skipped)")
	fs.Var(&o.BWLimit, "bwlimit", "limit all transfers together to this many bytes per second (10M, 512k)")
	fs.BoolVar(&o.JSON, "json", false, "log as JSON lines on stderr (for machines); no progress line")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress line and no summary")
	fs.IntVar(&o.Retries, "retries", 5, "retries of a transient error per file, with backoff")
	fs.DurationVar(&o.Grace, "grace", 10*time.Second, "on SIGTERM/SIGINT, how long copies in flight may finish before they are aborted")
	fs.DurationVar(&o.ModifyWindow, "modify-window", time.Millisecond, "how much older than the source's mtime the destination's may be and still count as up to date")

	fs.BoolVar(&o.Watch, "watch", false, "keep running and push changes as they happen (a remote source is polled)")
	fs.DurationVar(&o.Debounce, "debounce", 500*time.Millisecond, "--watch: how long a file must be quiet before it is copied")
	fs.DurationVar(&o.RescanInterval, "rescan-interval", time.Hour, "--watch: full rescan period, which repairs anything missed")
	fs.DurationVar(&o.PollInterval, "poll-interval", time.Minute, "--watch: pass period for a remote source, or when the kernel's watch limit was hit")

	fs.BoolVar(&o.Daemon, "daemon", false, "detach and run in the background (errors before the first pass are reported first)")
	fs.StringVar(&o.PidFile, "pid-file", "", "write the process id here (removed on exit)")
	fs.StringVar(&o.LogFile, "log-file", "", "log here instead of stderr (with --daemon, default: nowhere)")
	fs.StringVar(&o.StatusFile, "status-file", "", "keep a JSON status here: pending, in flight, failures, last success, counters")
}

func newSyncCommand() *cobra.Command {
	opts := &syncOptions{}
	cmd := &cobra.Command{
		Use:   "sync SRC DST",
		Short: "Make DST like SRC: one-shot, or watching for changes",
		Long: `sync copies what is new or changed from SRC to DST. Each side is a local
directory or account:container[/prefix]: local to remote, remote to local, and
remote to remote (across providers) all work.

A file counts as up to date when its size matches and the destination is no
older than the source (mtimes are kept in metadata, rclone-compatible; on S3
the object's LastModified counts), decided from the listings alone: a no-op
re-run costs only LIST requests. --checksum compares content hashes instead.
Deletes happen only with --delete, and never after an error in the same pass.

With --watch, sync keeps running: changes under a local SRC are pushed as
they happen (debounced per file, batched), with a full rescan every
--rescan-interval; a remote SRC is polled. SIGTERM lets copies in flight
finish for --grace, then aborts them; no partial object is ever left, and a
restart resumes from the listings. See docs/SYNC.md.`,
		Example: `  cloudfs sync ~/photos minio:backup/photos
  cloudfs sync --delete --exclude '*.tmp' ./site aws:www
  cloudfs sync --watch --delete --status-file /run/cloudfs/docs.json ~/docs minio:docs
  cloudfs sync minio:backup/photos ~/restore
  cloudfs sync status /run/cloudfs/docs.json`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return runSync(cmd.Context(), opts, args[0], args[1]) },
	}
	opts.AddFlags(cmd.Flags())
	cmd.AddCommand(newSyncStatusCommand())
	return cmd
}
