package main

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"os"
	"path/filepath"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// endpoint is one side of a copy: a location, with its account opened if
// it is remote.
type endpoint struct {
	loc  location
	acct *storage.Account // nil for a local path
}

// transfer copies single objects and files between endpoints, reporting
// to a progress line.
type transfer struct {
	prog *progress
}

// copyFile copies one object or file. size is the source's size when
// known (for the progress line of copies that do not stream through us).
func (t *transfer) copyFile(ctx context.Context, src, dst endpoint, size int64) error {
	switch {
	case src.acct != nil && dst.acct != nil:
		return t.remoteToRemote(ctx, src, dst, size)
	case src.acct != nil:
		return t.download(ctx, src, dst.loc.Local)
	case dst.acct != nil:
		return t.upload(ctx, src.loc.Local, dst)
	}
	return t.localToLocal(src.loc.Local, dst.loc.Local)
}

// remoteToRemote copies on the provider within an account (Account.Copy
// falls back to streaming where the provider has no copy) and streams
// between accounts (CopyTo).
func (t *transfer) remoteToRemote(ctx context.Context, src, dst endpoint, size int64) error {
	s, d := src.loc, dst.loc
	var err error
	if s.Account == d.Account {
		slog.Debug("copy within the account", "account", s.Account, "server_side", src.acct.Features().ServerSideCopy, "src", s.Container+"/"+s.Key, "dst", d.Container+"/"+d.Key)
		err = src.acct.Copy(ctx, d.Container, d.Key, s.Container, s.Key, nil)
	} else {
		slog.Debug("streaming copy across accounts", "src", s.Raw, "dst", d.Raw)
		err = src.acct.CopyTo(ctx, dst.acct, d.Container, d.Key, s.Container, s.Key, nil)
	}
	if err != nil {
		return fail("cp", s.Raw, "object", err)
	}
	t.prog.fileDone(size)
	return nil
}

// download streams an object to a temp file beside path and renames it
// into place, so no partial file is ever left at path.
func (t *transfer) download(ctx context.Context, src endpoint, path string) error {
	s := src.loc
	r, err := src.acct.NewReader(ctx, s.Container, s.Key, nil)
	if err != nil {
		return fail("cp", s.Raw, "object", err)
	}
	defer r.Close()
	if err := writeFileAtomic(path, t.prog.reader(r), r.Attributes().ModTime); err != nil {
		return fail("cp", s.Raw, "", err)
	}
	t.prog.fileDone(0)
	return nil
}

// upload streams a local file to an object, keeping its mtime and
// guessing the content type from the extension. A failure aborts the
// upload, leaving no object.
func (t *transfer) upload(ctx context.Context, path string, dst endpoint) error {
	d := dst.loc
	f, err := os.Open(path)
	if err != nil {
		return fail("cp", path, "", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fail("cp", path, "", err)
	}
	if st.IsDir() {
		return usagef("cp %s: is a directory (use -r)", path)
	}
	w, err := dst.acct.NewWriter(ctx, d.Container, d.Key, &storage.WriterOptions{
		ContentType: mime.TypeByExtension(filepath.Ext(path)),
		ModTime:     st.ModTime(),
		SizeHint:    st.Size(),
	})
	if err != nil {
		return fail("cp", d.Raw, "container", err)
	}
	if _, err := io.Copy(w, t.prog.reader(f)); err != nil {
		w.Abort()
		return fail("cp", path, "", err)
	}
	if err := w.Close(); err != nil {
		return fail("cp", d.Raw, "", err)
	}
	t.prog.fileDone(0)
	return nil
}

func (t *transfer) localToLocal(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return fail("cp", src, "", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fail("cp", src, "", err)
	}
	if err := writeFileAtomic(dst, t.prog.reader(f), st.ModTime()); err != nil {
		return fail("cp", src, "", err)
	}
	t.prog.fileDone(0)
	return nil
}

// writeFileAtomic writes r to a temp file in path's directory, sets its
// mtime, and renames it over path. On any failure the temp file is removed.
func writeFileAtomic(path string, r io.Reader, mtime time.Time) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".cloudfs-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, r); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if !mtime.IsZero() {
		if err = os.Chtimes(tmp.Name(), mtime, mtime); err != nil {
			return err
		}
	}
	return os.Rename(tmp.Name(), path)
}
