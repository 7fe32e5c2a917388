package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/fs/vfs"
)

// mountOptions are `cloudfs mount`'s flags. mount.cloudfs (the helper
// that mount(8) and /etc/fstab run) translates -o options to these.
type mountOptions struct {
	Daemon       bool
	ReadOnly     bool
	AllowOther   bool
	UID, GID     uint32
	Umask        string
	AttrTimeout  time.Duration
	DirCacheTime time.Duration
	MetaDelay    time.Duration
	TempHold     time.Duration
	CacheDir     string
	CacheMaxSize sizeValue
	SpillMax     sizeValue
	PartSize     sizeValue
	Concurrency  int
	ReadAheadMax sizeValue
	ReadAheadAll sizeValue
	LogFile      string
	FuseDebug    bool
	DirectIO     bool
	WriteBack    bool
}

func (o *mountOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.Daemon, "daemon", false, "detach once the mount is ready (errors are reported before detaching)")
	fs.BoolVar(&o.ReadOnly, "read-only", false, "mount read-only")
	fs.BoolVar(&o.AllowOther, "allow-other", false, "let other users access the mount (needs user_allow_other in /etc/fuse.conf unless root)")
	fs.Uint32Var(&o.UID, "uid", uint32(uidDefault()), "owner of every file")
	fs.Uint32Var(&o.GID, "gid", uint32(gidDefault()), "group of every file")
	fs.StringVar(&o.Umask, "umask", "022", "umask (octal) for objects that store no mode")
	fs.DurationVar(&o.AttrTimeout, "attr-timeout", time.Second, "how long the kernel caches attributes")
	fs.DurationVar(&o.DirCacheTime, "dir-cache-time", 5*time.Second, "how long names, listings and attributes are trusted; others' changes show up within it")
	fs.DurationVar(&o.MetaDelay, "meta-delay", time.Second, "how long chmod and utimes of a closed file wait before they are stored (a rename meanwhile stores them with it); 0: at once")
	fs.DurationVar(&o.TempHold, "temp-hold", time.Second, "how long a closed small new file named like rsync's temporary files (.NAME.XXXXXX) waits for the rename that uploads it to its final name; 0: uploaded at close")
	fs.StringVar(&o.CacheDir, "cache-dir", "", "where non-sequential writes are staged (default $XDG_CACHE_HOME/cloudfs/mount)")
	o.CacheMaxSize = 10 << 30
	fs.Var(&o.CacheMaxSize, "cache-max-size", "most bytes staged at once; a write past it fails with ENOSPC")
	o.SpillMax = 64 << 20
	fs.Var(&o.SpillMax, "stream-spill-max", "how much of a streamed write is kept locally so that a seek back can switch it to staging")
	fs.Var(&o.PartSize, "part-size", "multipart upload part size (default: the driver's)")
	fs.IntVar(&o.Concurrency, "concurrency", 8, "parts uploaded at once per file, and objects moved at once in a directory rename")
	o.ReadAheadMax = 64 << 20
	fs.Var(&o.ReadAheadMax, "read-ahead-max", "largest read-ahead window of one file")
	o.ReadAheadAll = 128 << 20
	fs.Var(&o.ReadAheadAll, "read-ahead-total", "read-ahead memory of all open files together")
	fs.StringVar(&o.LogFile, "log-file", "", "with --daemon, where the mount logs (default: nowhere)")
	fs.BoolVar(&o.FuseDebug, "fuse-debug", false, "log every FUSE request (very verbose)")
	fs.BoolVar(&o.WriteBack, "write-back", false, "a rename of an rsync temporary file (see --temp-hold) returns before its upload, which runs in the background (--concurrency at once); a failed upload is then only logged")
	fs.BoolVar(&o.DirectIO, "direct-io", false, "bypass the kernel's page cache for every file: faster for big sequential reads, much slower for small reads (each read is a request to the mount)")
}

// vfsOptions converts the flags.
func (o *mountOptions) vfsOptions() (vfs.Options, error) {
	umask, err := strconv.ParseUint(o.Umask, 8, 32)
	if err != nil || umask > 0o777 {
		return vfs.Options{}, usagef("mount: --umask %q: want an octal number such as 022", o.Umask)
	}
	return vfs.Options{
		UID: o.UID, GID: o.GID, Umask: uint32(umask), UmaskSet: true, ReadOnly: o.ReadOnly,
		DirCacheTime: o.DirCacheTime, AttrTimeout: o.AttrTimeout, MetaDelay: metaDelay(o.MetaDelay),
		TempHold: metaDelay(o.TempHold), WriteBack: o.WriteBack,
		CacheDir: o.CacheDir, CacheMaxSize: int64(o.CacheMaxSize), StreamSpillMax: int64(o.SpillMax),
		PartSize: int64(o.PartSize), Concurrency: o.Concurrency,
		ReadAheadMax: int64(o.ReadAheadMax), ReadAheadTotal: int64(o.ReadAheadAll),
	}, nil
}

// metaDelay maps a delay flag's 0 ("at once") to the VFS's negative.
func metaDelay(d time.Duration) time.Duration {
	if d <= 0 {
		return -1
	}
	return d
}

func newMountCommand() *cobra.Command {
	opts := &mountOptions{}
	cmd := &cobra.Command{
		Use:   "mount MOUNTPOINT",
		Short: "Mount every storage account as a filesystem",
		Long: `mount serves MOUNTPOINT/storage/<account>/<container>/<key as path> for every
storage account in the config. Reads stream with read-ahead, new files
stream to the provider as they are written and appear whole when closed;
other writes are staged in --cache-dir. docs/SEMANTICS.md says exactly what
to expect.

It runs in the foreground until unmounted (cloudfs unmount, fusermount3 -u)
or interrupted: SIGINT and SIGTERM let in-flight uploads finish, discard
files still open for writing (nothing half-written reaches the provider)
and unmount. --daemon detaches once the mount is ready.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runMount(cmd.Context(), opts, args[0]) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

// sizeValue is a byte size flag ("64M", "1G", "4096").
type sizeValue int64

func (s *sizeValue) String() string {
	if *s == 0 {
		return "0"
	}
	return strconv.FormatInt(int64(*s), 10)
}

func (s *sizeValue) Set(v string) error {
	n, err := params.ParseSize(v)
	if err != nil {
		return fmt.Errorf("%q: %w", v, err)
	}
	*s = sizeValue(n)
	return nil
}

func (s *sizeValue) Type() string { return "size" }
