package vfs

import (
	"context"
	"io"
	"mime"
	"path"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// commit makes the file's content the provider's object, whole or not at
// all. It runs at the last writer's flush, at fsync, at release if writes
// came after the last flush, and at unmount. It uses the VFS's context,
// not the request's: an interrupted close never aborts an upload halfway.
func (f *file) commit(ctx context.Context) error {
	defer f.unhold() // whatever happens, a held file is held no more
	if f.unlinked || !f.dirty {
		return f.failed
	}
	p := f.pathNow()
	var err error
	switch f.state {
	case stStream:
		err = f.commitStream(ctx, p)
	default: // staged, or new or truncated to empty
		if err = f.ensureMeta(ctx); err == nil {
			err = f.uploadLocal(ctx, p)
		}
	}
	if err != nil {
		f.v.stats.Failed.Add(1)
		f.v.log.Warn("upload failed", "path", p.String(), "err", err)
		f.fail(err)
		if !f.exists {
			// A new file that never made it: the name goes away now, not
			// when the kernel gets round to releasing the handles.
			f.v.meta.forget(p)
			f.v.detach(f)
		}
		return err
	}
	f.committed(p)
	return nil
}

// committed records that the file's content is now the object at p.
func (f *file) committed(p Path) {
	f.v.metaQ.drop(p) // the upload carried the attributes
	f.v.stats.Commits.Add(1)
	f.exists, f.fresh, f.dirty, f.metaDirty = true, false, false, false
	f.attr.ETag, f.attr.MetaKnown = "", true
	f.attr.ContentType = contentType(p, f.attr) // what the upload stored
	f.v.meta.put(p, f.attr)
}

func (f *file) commitStream(ctx context.Context, p Path) error {
	s := f.stream
	f.stream = nil
	tee, err := s.commit()
	f.state = stClean
	if tee != nil {
		f.stage, f.state = tee, stStaged
	}
	if err != nil {
		return err
	}
	if s.key != p.Key {
		// Renamed while streaming: the upload went to the old name.
		acct, err := f.v.account(p)
		if err != nil {
			return err
		}
		if err := f.v.moveKey(f.v.ctx, acct, p.Container, s.key, p.Key, nil); err != nil {
			return err
		}
	}
	if !f.mtimeSet && !f.metaDirty {
		f.attr.Mtime = s.mtime
		return nil
	}
	return f.v.setMetadata(p, KindFile, f.attr)
}

// uploadLocal uploads the content kept locally (staged, or empty) to p.
func (f *file) uploadLocal(ctx context.Context, p Path) error {
	if f.state == stStaged {
		return f.upload(ctx, p, f.stage.reader(), f.stage.size)
	}
	return f.upload(ctx, p, nil, 0)
}

// upload writes the whole content from r (nil: empty) in one go.
func (f *file) upload(ctx context.Context, p Path, r io.Reader, size int64) error {
	acct, err := f.v.account(p)
	if err != nil {
		return err
	}
	f.v.del.wait(f.v.ctx, acct, p.Container, p.Key)
	w, err := acct.NewWriter(f.v.ctx, p.Container, p.Key, f.v.writerOptions(p, f.attr, f.attr.Mtime, size))
	if err != nil {
		return err
	}
	if r != nil {
		buf := f.v.bufs.get(minChunk)
		_, err = io.CopyBuffer(w, r, buf)
		f.v.bufs.put(buf)
		if err != nil {
			w.Abort()
			return err
		}
	}
	return w.Close()
}

// download copies the object's first n bytes into s.
func (f *file) download(s *stagedFile, n int64) error {
	if n == 0 {
		return nil
	}
	p := f.pathNow()
	acct, err := f.v.account(p)
	if err != nil {
		return err
	}
	if err := s.grow(n); err != nil {
		return err
	}
	rd, err := acct.NewRangeReader(f.v.ctx, p.Container, p.Key, 0, n, nil)
	if err != nil {
		return err
	}
	defer rd.Close()
	buf := f.v.bufs.get(minChunk)
	defer f.v.bufs.put(buf)
	got, err := io.CopyBuffer(io.NewOffsetWriter(s.f, 0), rd, buf)
	if err != nil {
		return err
	}
	s.size = got
	if got < n {
		return s.Truncate(n)
	}
	return nil
}

// setMetadata replaces p's metadata with a's (mtime, mode, user metadata).
func (v *VFS) setMetadata(p Path, kind Kind, a Attr) error {
	acct, err := v.account(p)
	if err != nil {
		return err
	}
	key := p.Key
	if kind == KindSymlink {
		key = p.linkKey()
	}
	defer v.gates.updating(acct.Name(), p.Container, key)()
	return acct.SetMetadata(v.ctx, p.Container, key, &storage.MetadataUpdate{
		ContentType: contentType(p, a), Metadata: a.metadata(), ModTime: a.Mtime,
	})
}

// writerOptions describes an upload of a to p.
func (v *VFS) writerOptions(p Path, a Attr, mtime time.Time, size int64) *storage.WriterOptions {
	return &storage.WriterOptions{
		ContentType: contentType(p, a), Metadata: a.metadata(), ModTime: mtime, SizeHint: size,
		PartSize: v.opts.PartSize, Concurrency: v.opts.Concurrency,
	}
}

// contentType keeps an object's content type, or guesses it from the
// name's extension.
func contentType(p Path, a Attr) string {
	if a.ContentType != "" {
		return a.ContentType
	}
	if t := mime.TypeByExtension(path.Ext(p.Key)); t != "" {
		return t
	}
	return "application/octet-stream"
}
