package vfs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// fileState says where a file's current content is.
type fileState uint8

const (
	stClean  fileState = iota // the provider's object (or nothing, if fresh)
	stStream                  // streaming to the provider as it is written
	stStaged                  // a file in the staging cache
)

// file is the shared state of a file that is open, or being changed,
// through the mount. Every handle of the same path shares it, so that all
// of them see the same content and the upload happens once.
//
// Lock order: file.mu before VFS.mu.
type file struct {
	v     *VFS
	ready chan struct{} // closed once init is done
	err   error         // init failed

	// refs (guarded by VFS.mu) counts handles and in-progress
	// operations; the file leaves the registry at zero.
	refs int
	// path is guarded by VFS.mu (and changed with mu held too).
	path Path

	mu        sync.Mutex
	attr      Attr
	exists    bool // an object is committed at path
	fresh     bool // in stClean: the content is empty, not the object's
	state     fileState
	dirty     bool // content differs from the provider's
	metaDirty bool // metadata changed while streaming: set after commit
	mtimeSet  bool // mtime was set explicitly after the last write
	stream    *stream
	stage     *stagedFile
	opens     int // open handles
	writers   int // open handles with write access
	busy      int // handles with writes not yet flushed (Handle.wrote)
	unlinked  bool
	failed    error // a failed commit or spill, reported at flush

	held      bool        // closed, waiting for its rename (hold.go)
	holdTimer *time.Timer // uploads it if no rename comes

	// uploading holds the attributes while a write-back upload holds mu
	// (writeback.go): a stat, a listing, need not wait for the upload.
	uploading atomic.Pointer[Attr]
	// heldHint mirrors held for reading without mu (writeback.go).
	heldHint atomic.Bool
}

// pathNow is the file's current path (renames retarget it).
func (f *file) pathNow() Path {
	f.v.mu.Lock()
	defer f.v.mu.Unlock()
	return f.path
}

// attrNow is a snapshot of the file's attributes.
func (f *file) attrNow() Attr {
	if a := f.uploading.Load(); a != nil {
		return a.clone()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.attr.clone()
}

// emptyContent reports whether the content is empty without looking at
// the provider.
func (f *file) emptyContent() bool {
	return f.fresh || !f.exists || f.attr.Size == 0
}

// touch records a content change now.
func (f *file) touch() {
	f.dirty = true
	f.attr.Mtime = time.Now()
	f.mtimeSet = false
}

// maxStreamGap is the largest forward seek a streaming writer may make:
// the gap is streamed as zeros. Past it the file is staged (sparse).
const maxStreamGap = 16 << 20

// write writes data at off (at the end for O_APPEND handles).
func (f *file) write(ctx context.Context, h *Handle, data []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failed != nil {
		return 0, f.failed
	}
	h.active()
	if h.append {
		off = f.attr.Size
	}
	end := off + int64(len(data))
	if max := f.maxSize(); max > 0 && end > max {
		return 0, syscall.EFBIG
	}
	if err := f.prepareWrite(ctx, off); err != nil {
		return 0, err
	}
	var err error
	n := len(data)
	if f.state == stStream {
		if gap := off - f.attr.Size; gap > 0 {
			err = f.stream.zeros(gap)
		}
		if err == nil {
			err = f.stream.write(data)
		}
		if err != nil {
			f.fail(err)
			return 0, err
		}
	} else {
		if n, err = f.stage.WriteAt(data, off); err != nil {
			return n, err
		}
	}
	f.attr.Size = max(f.attr.Size, end)
	f.touch()
	return n, nil
}

// prepareWrite puts the file in a state that can take a write at off:
// streaming if it is sequential on new content, staged otherwise.
func (f *file) prepareWrite(ctx context.Context, off int64) error {
	switch f.state {
	case stStaged:
		return nil
	case stStream:
		if off >= f.attr.Size && off-f.attr.Size <= maxStreamGap {
			return nil
		}
		return f.spill()
	}
	if f.emptyContent() {
		if off <= maxStreamGap {
			return f.startStream(ctx)
		}
		return f.stageEmpty(0)
	}
	return f.stageRemote(ctx, f.attr.Size)
}

func (f *file) maxSize() int64 {
	acct, err := f.v.account(f.path)
	if err != nil {
		return 0
	}
	return acct.Features().MaxObjectSize
}

// startStream begins uploading new content.
func (f *file) startStream(ctx context.Context) error {
	if err := f.ensureMeta(ctx); err != nil {
		return err
	}
	s, err := f.v.newStream(f.pathNow(), f.attr)
	if err != nil {
		return err
	}
	f.stream, f.state, f.fresh, f.attr.Size = s, stStream, false, 0
	return nil
}

// spill switches a streaming file to staging: the upload is aborted and
// the tee becomes the staged content. Without a whole tee (the file grew
// past Options.StreamSpillMax) the file fails with EIO.
func (f *file) spill() error {
	s := f.stream
	tee := s.takeTee()
	s.abort()
	f.stream, f.state = nil, stClean
	if tee == nil || tee.size != f.attr.Size {
		if tee != nil {
			tee.close()
		}
		err := fmt.Errorf("%w: %s: a write went back after %d bytes had been streamed, more than the %d the mount keeps (--stream-spill-max)",
			syscall.EIO, f.pathNow(), f.attr.Size, f.v.opts.StreamSpillMax)
		f.fail(err)
		return err
	}
	f.stage, f.state = tee, stStaged
	f.v.stats.Spilled.Add(1)
	f.v.stats.Staged.Add(1)
	return nil
}

// stageEmpty stages new content of size n (zeros).
func (f *file) stageEmpty(n int64) error {
	s, err := f.v.stage.create()
	if err != nil {
		return err
	}
	if err := s.Truncate(n); err != nil {
		s.close()
		return err
	}
	f.stage, f.state, f.fresh = s, stStaged, false
	f.v.stats.Staged.Add(1)
	return nil
}

// stageRemote stages the object's first n bytes, downloaded.
func (f *file) stageRemote(ctx context.Context, n int64) error {
	n = min(n, f.attr.Size)
	s, err := f.v.stage.create()
	if err != nil {
		return err
	}
	if err := f.download(s, n); err != nil {
		s.close()
		return err
	}
	f.stage, f.state = s, stStaged
	f.v.stats.Staged.Add(1)
	return f.ensureMeta(ctx)
}

// fail records a fatal error: the pending content is discarded and the
// error is reported by every later write and flush.
func (f *file) fail(err error) {
	if f.stream != nil {
		f.stream.abort()
		f.stream = nil
	}
	if f.state == stStream {
		f.state = stClean
	}
	f.failed, f.dirty = err, false
}

// setSize truncates or extends the content to n.
func (f *file) setSize(ctx context.Context, n int64) error {
	if f.failed != nil {
		return f.failed
	}
	if n == f.attr.Size {
		return nil
	}
	switch {
	case n == 0 && f.state == stStaged:
		if err := f.stage.Truncate(0); err != nil {
			return err
		}
	case n == 0:
		if f.stream != nil {
			f.stream.abort()
			f.stream = nil
		}
		f.state, f.fresh = stClean, true
	case f.state == stStream && n > f.attr.Size && n-f.attr.Size <= maxStreamGap:
		if err := f.stream.zeros(n - f.attr.Size); err != nil {
			f.fail(err)
			return err
		}
	case f.state == stStream:
		if err := f.spill(); err != nil {
			return err
		}
		return f.setSize(ctx, n)
	case f.state == stStaged:
		if err := f.stage.Truncate(n); err != nil {
			return err
		}
	case f.emptyContent():
		if err := f.stageEmpty(n); err != nil {
			return err
		}
	default:
		if err := f.stageRemote(ctx, n); err != nil {
			return err
		}
		if err := f.stage.Truncate(n); err != nil {
			return err
		}
	}
	f.attr.Size = n
	f.touch()
	return nil
}

// read fills dest from off, from wherever the content is.
func (f *file) read(ctx context.Context, h *Handle, dest []byte, off int64) (int, error) {
	f.mu.Lock()
	switch {
	case f.failed != nil && f.state != stStaged:
		defer f.mu.Unlock()
		return 0, f.failed
	case f.state == stStaged:
		defer f.mu.Unlock()
		return f.stage.ReadAt(dest, off)
	case f.state == stStream:
		defer f.mu.Unlock()
		if off >= f.attr.Size {
			return 0, nil
		}
		if t := f.stream.tee; t != nil {
			return t.ReadAt(dest, off)
		}
		return 0, fmt.Errorf("%w: %s is being uploaded and is past --stream-spill-max: it can be read once closed", syscall.EIO, f.path)
	case f.emptyContent():
		defer f.mu.Unlock()
		return 0, nil
	}
	src, err := f.remoteLocked()
	f.mu.Unlock()
	if err != nil {
		return 0, err
	}
	return h.remoteRead(ctx, src, dest, off)
}

// remote reports the object to read when the content is the provider's;
// ok is false when it is local (staged, streaming, or empty).
func (f *file) remote() (remoteSrc, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failed != nil || f.state != stClean || f.emptyContent() {
		return remoteSrc{}, false
	}
	src, err := f.remoteLocked()
	return src, err == nil
}

func (f *file) remoteLocked() (remoteSrc, error) {
	p := f.pathNow()
	acct, err := f.v.account(p)
	if err != nil {
		return remoteSrc{}, err
	}
	return remoteSrc{acct: acct, container: p.Container, key: p.Key, size: f.attr.Size, etag: f.attr.ETag}, nil
}

// ensureMeta fetches the object's metadata before it is rewritten, so
// that user metadata (xattrs) and mode survive an overwrite.
func (f *file) ensureMeta(ctx context.Context) error {
	if !f.exists || f.attr.MetaKnown {
		return nil
	}
	a, err := f.v.statObject(ctx, f.pathNow()) // not Stat: f.mu is held, and Stat would ask f
	if err != nil {
		return err
	}
	f.attr.Meta, f.attr.Mode, f.attr.ContentType, f.attr.MetaKnown = a.Meta, a.Mode, a.ContentType, true
	return nil
}

// closeLocal drops the local state once no handle is open.
func (f *file) closeLocal() {
	if f.stream != nil {
		f.stream.abort()
		f.stream = nil
	}
	if f.stage != nil {
		f.stage.close()
		f.stage = nil
	}
	f.state = stClean
}

// shutdown commits what is pending (at unmount) and drops local state.
func (f *file) shutdown(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	err := f.commit(ctx)
	f.closeLocal()
	return err
}

// abort drops what is pending without committing it, except a held
// file's: that one was closed whole, so it is uploaded (unless it is open
// for writing again, and so maybe half-rewritten).
func (f *file) abort() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held && f.writers == 0 {
		_ = f.commit(f.v.ctx)
		return
	}
	f.dirty = false
	f.closeLocal()
	f.unhold()
}
