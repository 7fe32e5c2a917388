package sync

import (
	"context"
	"errors"
	"io"
	"iter"
	"time"
)

// Entry is what a side's listing says about one file.
type Entry struct {
	Path    string    // relative to the side's root, '/'-separated, no leading '/'
	Size    int64     //
	ModTime time.Time // the file's mtime; for storage, what the listing gives (see Compare)
	ETag    string    // storage listings only
}

// Hashes are content digests in lower-case hex; empty when unknown.
type Hashes struct {
	MD5    string
	SHA256 string
	// Complete is true when asking again without the cheap limit would
	// give nothing more.
	Complete bool
}

// Object is an open source file on its way to the destination.
type Object struct {
	io.ReadCloser
	Entry                         // as of the open: Put writes Size and ModTime
	ContentType string            // storage sources: copied as is
	Metadata    map[string]string // user metadata to write (without the mtime key)
	state       any               // the source side's own record of what was opened
}

// PutOptions say what, beyond the bytes, the destination records.
type PutOptions struct {
	SHA256 string // stored as metadata key "sha256" by storage destinations
}

// Side is one end of a sync: a local tree or a storage prefix.
type Side interface {
	// String names the side for logs: a path or account:container/prefix.
	String() string
	// List yields the files under the directory under ("" for the root)
	// that f keeps, sorted by Path in byte order. An error for one
	// directory (permission denied, say) is yielded and the walk goes on;
	// errors that end the listing are yielded last.
	List(ctx context.Context, under string, f *Filter) iter.Seq2[Entry, error]
	// Stat describes one file; errs.NotFound if it is missing.
	Stat(ctx context.Context, path string) (Entry, error)
	// Open starts reading a file. The reader fails with ErrSourceChanged
	// instead of io.EOF if the file changed while it was read.
	Open(ctx context.Context, e Entry) (*Object, error)
	// Put writes o's bytes to o.Path atomically: readers see the old file
	// or the whole new one, never a part. On error nothing is left behind.
	Put(ctx context.Context, o *Object, opts PutOptions) error
	// Delete removes a file; errs.NotFound if it is missing.
	Delete(ctx context.Context, path string) error
	// Hashes returns the digests the side can give for e. cheap limits it
	// to what needs no extra request or read (a listing's MD5 ETag).
	Hashes(ctx context.Context, e Entry, cheap bool) (Hashes, error)
	// Recheck returns ErrSourceChanged if the file o was read from has
	// changed since it was opened.
	Recheck(ctx context.Context, o *Object) error
	// Prepare makes the side writable (creates a missing container).
	Prepare(ctx context.Context) error
}

// ErrSourceChanged means a file changed while it was being copied; nothing
// torn was committed, and the copy should be tried again later.
var ErrSourceChanged = errors.New("source changed while being copied")

// errSkip marks a file that cannot be copied for a reason that is not a
// failure of the run (a key that cannot be a local file name).
var errSkip = errors.New("skipped")
