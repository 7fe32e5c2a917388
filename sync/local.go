package sync

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// LocalOptions tune a local side.
type LocalOptions struct {
	// CopyLinks follows symlinks (-L); otherwise they are skipped.
	CopyLinks bool
	// Log receives notices about skipped files; nil discards them.
	Log *slog.Logger
}

// localSide is a directory tree on this machine.
type localSide struct {
	root   string
	opts   LocalOptions
	onSkip func() // counts a file left out (a symlink), set by the Syncer
}

var _ Side = (*localSide)(nil)

// NewLocal returns the side for the tree at root. The directory need not
// exist yet if it is a destination.
func NewLocal(root string, opts LocalOptions) Side {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	return &localSide{root: filepath.Clean(root), opts: opts}
}

func (l *localSide) String() string { return l.root }

func (l *localSide) warn(msg, path string) {
	l.skipped()
	l.opts.Log.Warn(msg, "path", path)
}

func (l *localSide) skipped() {
	if l.onSkip != nil {
		l.onSkip()
	}
}

func (l *localSide) skipLink(path string) {
	l.skipped()
	l.opts.Log.Debug("symlink skipped (use --copy-links to follow)", "path", path)
}

// abs maps a relative path to a file name under root, refusing paths that
// would escape it or that no file can have.
func (l *localSide) abs(rel string) (string, error) {
	if rel == "" || strings.HasPrefix(rel, "/") || strings.HasSuffix(rel, "/") || strings.Contains(rel, "\x00") {
		return "", fmt.Errorf("%q is not a valid file path: %w", rel, errSkip)
	}
	for _, part := range strings.Split(rel, "/") {
		if part == "" || part == "." || part == ".." {
			return "", fmt.Errorf("%q is not a valid file path: %w", rel, errSkip)
		}
	}
	return filepath.Join(l.root, filepath.FromSlash(rel)), nil
}

func (l *localSide) stat(name string) (fs.FileInfo, error) {
	if l.opts.CopyLinks {
		return os.Stat(name)
	}
	return os.Lstat(name)
}

// Stat describes a regular file; errs.NotFound if missing or not a file.
func (l *localSide) Stat(ctx context.Context, rel string) (Entry, error) {
	name, err := l.abs(rel)
	if err != nil {
		return Entry{}, err
	}
	fi, err := l.stat(name)
	if err != nil {
		return Entry{}, localErr(err, "stat", rel)
	}
	if !fi.Mode().IsRegular() {
		return Entry{}, errs.Errorf(errs.NotFound, "stat", rel, "not a regular file")
	}
	return Entry{Path: rel, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// localState is what Open saw, for the checks at EOF and in Recheck.
type localState struct {
	size  int64
	mtime time.Time
	ctime syscall.Timespec
}

func stateOf(fi fs.FileInfo) localState {
	s := localState{size: fi.Size(), mtime: fi.ModTime()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		s.ctime = st.Ctim
	}
	return s
}

// Open reads a file. The entry it returns carries the size and mtime as of
// the open; the reader reports ErrSourceChanged at EOF if the file's size,
// mtime or ctime moved while it was read, or if the bytes read do not add
// up to its size.
func (l *localSide) Open(ctx context.Context, e Entry) (*Object, error) {
	name, err := l.abs(e.Path)
	if err != nil {
		return nil, err
	}
	flags := os.O_RDONLY
	if !l.opts.CopyLinks {
		flags |= syscall.O_NOFOLLOW
	}
	f, err := os.OpenFile(name, flags, 0)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("%s became a symlink: %w", e.Path, errSkip)
		}
		return nil, localErr(err, "open", e.Path)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, localErr(err, "stat", e.Path)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is no longer a regular file: %w", e.Path, errSkip)
	}
	st := stateOf(fi)
	return &Object{
		ReadCloser: &localReader{f: f, want: st},
		Entry:      Entry{Path: e.Path, Size: fi.Size(), ModTime: fi.ModTime()},
		state:      st,
	}, nil
}

// localReader checks, when it reaches EOF, that the file did not change
// under it.
type localReader struct {
	f    *os.File
	want localState
	n    int64
}

func (r *localReader) Read(p []byte) (int, error) {
	if rest := r.want.size - r.n; int64(len(p)) > rest {
		p = p[:rest] // never read past the size seen at open: a file that keeps growing still ends
	}
	var n int
	var err error
	if len(p) > 0 {
		n, err = r.f.Read(p)
		r.n += int64(n)
	}
	if r.n == r.want.size || err == io.EOF {
		if err != nil && err != io.EOF {
			return n, err
		}
		fi, serr := r.f.Stat()
		if serr != nil {
			return n, serr
		}
		if r.n != r.want.size || stateOf(fi) != r.want {
			return n, ErrSourceChanged
		}
		if n > 0 {
			return n, nil // EOF on the next call, after one more check
		}
		return 0, io.EOF
	}
	return n, err
}

func (r *localReader) Close() error { return r.f.Close() }

// Recheck looks at the file again after its copy was committed: a change
// in between means the copy is already stale.
func (l *localSide) Recheck(ctx context.Context, o *Object) error {
	want, ok := o.state.(localState)
	if !ok {
		return nil
	}
	name, err := l.abs(o.Path)
	if err != nil {
		return err
	}
	fi, err := l.stat(name)
	if err != nil || stateOf(fi) != want {
		return ErrSourceChanged
	}
	return nil
}

// Put writes a temp file beside the target, sets its mtime, and renames it
// into place, so no partial file is ever visible under the real name.
func (l *localSide) Put(ctx context.Context, o *Object, _ PutOptions) error {
	name, err := l.abs(o.Path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return localErr(err, "mkdir", o.Path)
	}
	tmp, err := os.CreateTemp(dir, tempPattern())
	if err != nil {
		return localErr(err, "create", o.Path)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(tmp, ctxReader{ctx, o}); err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		return localErr(err, "chmod", o.Path)
	}
	// Durable before it is visible: after a power cut the name shows the
	// whole new file or the old one, never an empty one.
	if err := tmp.Sync(); err != nil {
		return localErr(err, "fsync", o.Path)
	}
	if err := tmp.Close(); err != nil {
		return localErr(err, "close", o.Path)
	}
	if !o.ModTime.IsZero() {
		if err := os.Chtimes(tmp.Name(), o.ModTime, o.ModTime); err != nil {
			return localErr(err, "chtimes", o.Path)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return localErr(err, "rename", o.Path)
	}
	ok = true
	return nil
}

// ctxReader stops a copy when ctx is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Delete removes a file, then any directories it leaves empty (object
// storage has no empty directories, so neither does its mirror).
func (l *localSide) Delete(ctx context.Context, rel string) error {
	name, err := l.abs(rel)
	if err != nil {
		return err
	}
	if err := os.Remove(name); err != nil {
		return localErr(err, "delete", rel)
	}
	for dir := filepath.Dir(name); dir != l.root && strings.HasPrefix(dir, l.root+string(filepath.Separator)); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break // not empty (or not ours to remove): stop climbing
		}
	}
	return nil
}

// Hashes reads the file once for both digests (cheap makes no difference:
// a local file has no stored hash).
func (l *localSide) Hashes(ctx context.Context, e Entry, _ bool) (Hashes, error) {
	o, err := l.Open(ctx, e)
	if err != nil {
		return Hashes{}, err
	}
	defer o.Close()
	m, s := md5.New(), sha256.New()
	if _, err := io.Copy(io.MultiWriter(m, s), ctxReader{ctx, o}); err != nil {
		return Hashes{}, err
	}
	return Hashes{MD5: hex.EncodeToString(m.Sum(nil)), SHA256: hex.EncodeToString(s.Sum(nil)), Complete: true}, nil
}

// Prepare has nothing to do: Put makes directories as it goes.
func (l *localSide) Prepare(ctx context.Context) error { return nil }

// localErr classifies an OS error with the portable kinds.
func localErr(err error, op, rel string) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errs.E(errs.NotFound, op, rel, err)
	case errors.Is(err, fs.ErrPermission):
		return errs.E(errs.PermissionDenied, op, rel, err)
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return errs.E(errs.ResourceExhausted, op, rel, err)
	case errors.Is(err, syscall.EINTR), errors.Is(err, syscall.EAGAIN):
		return errs.E(errs.Transient, op, rel, err)
	}
	return errs.E(errs.Unknown, op, rel, err)
}
