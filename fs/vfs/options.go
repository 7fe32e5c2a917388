package vfs

import (
	"log/slog"
	"os"
	"path/filepath"
	"time"
)

// Options tune a VFS. The zero value of a field means its default.
type Options struct {
	UID, GID uint32
	// Umask masks the default permissions (0777 for directories, 0666 for
	// files) of objects that carry no mode in their metadata.
	Umask    uint32
	UmaskSet bool // Umask was given (0 is a valid umask)
	ReadOnly bool

	// DirCacheTime is how long names, listings and attributes are
	// trusted without asking the provider again (default 5s). The mount's
	// own changes update the cache at once.
	DirCacheTime time.Duration
	// AttrTimeout is how long the kernel caches attributes (default 1s).
	// The VFS itself uses DirCacheTime.
	AttrTimeout time.Duration

	// CacheDir holds files staged for non-sequential writes (default
	// $XDG_CACHE_HOME/cloudfs/mount, or os.TempDir()/cloudfs-mount).
	CacheDir string
	// CacheMaxSize bounds the bytes staged at once (default 10 GiB).
	// A write that would exceed it fails with ENOSPC.
	CacheMaxSize int64
	// StreamSpillMax is how much of a streamed (sequential) write is also
	// kept in the staging cache so that the file can switch to staging if
	// the writer seeks back (default 64 MiB). Past it, a backward write
	// fails with EIO.
	StreamSpillMax int64

	// MetaDelay is how long a metadata-only change (chmod, utimes) of a
	// closed file waits before it is stored, so that a rename that follows
	// (rsync) stores it in the same request (default 1s; negative: at
	// once). See metaqueue.go.
	MetaDelay time.Duration

	// TempHold is how long a small new file with a temporary name
	// (rsync's ".NAME.XXXXXX") is held locally after its close, waiting
	// for the rename that uploads it straight to its final name (default
	// 1s; negative: uploaded at close like any file). See hold.go.
	TempHold time.Duration

	// WriteBack makes the rename of a held file return before its upload,
	// which runs in the background, Concurrency at a time (a rename waits
	// for a free slot). rsync then moves on to its next file while the
	// last ones upload, as with rclone's writes mode. The price: a failed
	// upload is only logged, and the file goes away as a failed new file
	// does; rsync, which saw the rename succeed, does not report it. See
	// writeback.go.
	WriteBack bool

	// PartSize and Concurrency tune multipart uploads (0: driver default).
	PartSize    int64
	Concurrency int // also bounds parallel renames in a directory rename (default 8)

	// ReadAheadMax bounds one file's read-ahead window (default 64 MiB).
	ReadAheadMax int64
	// ReadAheadTotal bounds the read-ahead bytes of all files together
	// (default 128 MiB).
	ReadAheadTotal int64

	Logger *slog.Logger
}

const (
	defaultDirCacheTime   = 5 * time.Second
	defaultAttrTimeout    = time.Second
	defaultCacheMaxSize   = 10 << 30
	defaultSpillMax       = 64 << 20
	defaultConcurrency    = 8
	defaultReadAheadMax   = 64 << 20
	defaultReadAheadTotal = 128 << 20
)

func (o Options) withDefaults() Options {
	if !o.UmaskSet && o.Umask == 0 {
		o.Umask = 0o022
	}
	if o.DirCacheTime <= 0 {
		o.DirCacheTime = defaultDirCacheTime
	}
	if o.AttrTimeout <= 0 {
		o.AttrTimeout = defaultAttrTimeout
	}
	if o.MetaDelay == 0 {
		o.MetaDelay = time.Second
	}
	if o.TempHold == 0 {
		o.TempHold = time.Second
	}
	if o.CacheDir == "" {
		o.CacheDir = defaultCacheDir()
	}
	if o.CacheMaxSize <= 0 {
		o.CacheMaxSize = defaultCacheMaxSize
	}
	if o.StreamSpillMax <= 0 {
		o.StreamSpillMax = defaultSpillMax
	}
	if o.Concurrency <= 0 {
		o.Concurrency = defaultConcurrency
	}
	if o.ReadAheadMax <= 0 {
		o.ReadAheadMax = defaultReadAheadMax
	}
	if o.ReadAheadTotal <= 0 {
		o.ReadAheadTotal = defaultReadAheadTotal
	}
	if o.ReadAheadMax > o.ReadAheadTotal {
		o.ReadAheadMax = o.ReadAheadTotal
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

func defaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "cloudfs", "mount")
	}
	return filepath.Join(os.TempDir(), "cloudfs-mount")
}
