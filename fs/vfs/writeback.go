package vfs

// Write-back (Options.WriteBack). A held file (hold.go) renamed to its
// final name is retargeted there at once, as a file not yet uploaded is,
// and uploaded by a goroutine after the rename returns: rsync's receiver,
// which renames one file at a time, no longer waits for each upload. The
// file stays registered and held until its upload ends, so the mount
// lists it and stats it (from uploading, without its lock) under its new
// name; anything else (a read, a write, a rename, an unlink, fsync) takes
// its lock and so comes after the upload, or finds it not uploaded yet.
// Settle and unmount upload what is still held, and wait for the uploads
// in flight. After Abort (the VFS's context is cancelled), a rename
// uploads as without write-back, and so reports the failure.
//
// Slots bound the uploads in flight to Options.Concurrency. A rename of a
// held file takes one before it locks any file, and gives it back unless
// it hands it to an upload: a rename never waits for a slot while holding
// a file's lock, and so never waits on an upload that waits for that
// lock. Whether the file is held is read from heldHint before the lock,
// and checked again under it: a file held meanwhile is uploaded by the
// rename itself, as without write-back.

// wbSlot is a write-back slot a rename holds, or none.
type wbSlot struct {
	v    *VFS
	held bool
}

// writeBackSlot takes a slot if f, the file a rename moves, may be
// written back: write-back is on, f is held and the VFS not aborted.
func (v *VFS) writeBackSlot(f *file) *wbSlot {
	s := &wbSlot{v: v}
	if v.opts.WriteBack && f != nil && f.heldHint.Load() && v.ctx.Err() == nil {
		v.wb <- struct{}{}
		s.held = true
	}
	return s
}

func (s *wbSlot) ok() bool { return s.held }

// hand gives the slot to f's upload, which starts once the caller
// releases f's lock.
func (s *wbSlot) hand(f *file) {
	s.held = false
	s.v.stats.WroteBack.Add(1)
	go func() {
		defer func() { <-s.v.wb }()
		f.mu.Lock()
		defer f.mu.Unlock()
		// busy, not writers: the kernel may report the close of rsync's
		// descriptor after the rename; what matters is that no writes
		// are pending.
		if f.held && f.busy == 0 {
			a := f.attr.clone()
			f.uploading.Store(&a)
			_ = f.commit(s.v.ctx) // a failure is logged by commit
			f.uploading.Store(nil)
		}
	}()
}

// release gives back a slot that was not handed on.
func (s *wbSlot) release() {
	if s.held {
		s.held = false
		<-s.v.wb
	}
}
