package vfs

import (
	"regexp"
	"time"
)

// Held files. rsync writes each file to a temporary name in the target
// directory (".NAME.XXXXXX"), closes it, sets its times and mode, and
// renames it to NAME. Uploaded at the close, such a file would then cost
// a server-side copy and a delete at the rename: three requests, one of
// them a copy of the data. Instead, a small new file with a temporary
// name is held locally at its close and uploaded once, by the rename,
// straight to its final name with its final metadata. The rename waits
// for that upload and fails with its error, so rsync still reports every
// failed file; and what rsync finishes is on the provider when it exits.
//
// A held file that is not renamed within Options.TempHold is uploaded
// under its own name then (a failure is logged, and the file goes away
// as a failed new file does). fsync, Settle and unmount upload it at
// once. Until then it is visible through the mount like an open file.

// holdMaxSize bounds what is held: below S3's smallest part, so a held
// file has sent nothing to the provider yet and nothing is uploaded twice.
const holdMaxSize = 5 << 20

// tempName matches rsync's temporary names: a dot, the final name, a dot
// and mkstemp's six random characters.
var tempName = regexp.MustCompile(`^\..+\.[A-Za-z0-9]{6}$`)

// hold keeps the file local instead of committing it at a flush, if it
// is a small new file with a temporary name. It reports whether the
// file is held. A held file that was opened and written again (mktemp,
// then a shell's "> $tmp") is checked again: its new content is staged
// and it stays held, or, when it may no longer be held (grown too big,
// failed), it is let go and the flush commits it. Callers hold f.mu.
func (f *file) hold() bool {
	if !f.holdable() {
		f.unhold()
		return false
	}
	if f.state == stStream {
		if err := f.spill(); err != nil {
			f.unhold()
			return false // spill failed the file; commit reports it
		}
	}
	if f.held {
		f.holdTimer.Reset(f.v.opts.TempHold) // closed again: wait again for the rename
		return true
	}
	f.held = true
	f.heldHint.Store(true)
	f.v.mu.Lock()
	f.refs++ // the hold keeps the file registered after its last close
	f.v.mu.Unlock()
	f.holdTimer = time.AfterFunc(f.v.opts.TempHold, f.holdExpired)
	f.v.stats.Held.Add(1)
	return true
}

// holdable reports whether f may be held. Callers hold f.mu.
func (f *file) holdable() bool {
	if f.v.opts.TempHold <= 0 || f.exists || !f.dirty || f.failed != nil || f.unlinked ||
		f.attr.Size > holdMaxSize || !tempName.MatchString(f.pathNow().Name()) {
		return false
	}
	switch f.state {
	case stStream:
		t := f.stream.tee // spill needs the whole content in the tee
		return t != nil && t.size == f.stream.n && f.stream.n == f.attr.Size
	case stStaged:
		return true
	}
	return f.fresh
}

// unhold ends a hold: the file was committed, failed, unlinked, replaced
// or aborted. Callers hold f.mu.
func (f *file) unhold() {
	if !f.held {
		return
	}
	f.held = false
	f.heldHint.Store(false)
	f.holdTimer.Stop()
	if f.opens == 0 {
		f.closeLocal()
	}
	f.v.release(f)
}

// holdExpired uploads a held file that was not renamed in time, unless
// it is open for writing again (it would upload half a rewrite): its
// close holds it again, with a new delay.
func (f *file) holdExpired() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.held && f.writers == 0 {
		_ = f.commit(f.v.ctx) // logged by commit
	}
}

// commitHeldAs uploads a held file to dst, the name a rename gives it,
// before the rename moves it there; on failure the file stays held at
// its old name. Callers hold f.mu.
func (f *file) commitHeldAs(dst Path) error {
	if f.failed != nil {
		return f.failed
	}
	if f.state == stStream { // written again and not flushed yet
		if err := f.spill(); err != nil {
			return err
		}
	}
	if err := f.uploadLocal(f.v.ctx, dst); err != nil {
		f.v.stats.Failed.Add(1)
		f.v.log.Warn("upload failed", "path", dst.String(), "err", err)
		return err
	}
	f.committed(dst)
	return nil
}

// commitHeld uploads every held file now (Settle), except those open
// for writing again: still open, they are not Settle's to upload.
func (v *VFS) commitHeld() {
	for _, f := range v.registered() {
		f.mu.Lock()
		if f.held && f.writers == 0 {
			_ = f.commit(v.ctx)
		}
		f.mu.Unlock()
	}
}
