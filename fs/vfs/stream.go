package vfs

import (
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// stream is a new file's content on its way to the provider while the
// application writes it: a storage.Writer (a multipart upload where the
// provider has one) fed in order. Its first Options.StreamSpillMax bytes
// are also teed into the staging cache, so that a writer that seeks back
// can be switched to staging without losing what it wrote.
type stream struct {
	w      *storage.Writer
	key    string      // where it uploads; a rename moves it there after commit
	tee    *stagedFile // nil once dropped
	teeMax int64
	n      int64     // bytes written
	mtime  time.Time // stored in the object's metadata
}

func (v *VFS) newStream(p Path, a Attr) (*stream, error) {
	acct, err := v.account(p)
	if err != nil {
		return nil, err
	}
	s := &stream{teeMax: v.opts.StreamSpillMax, mtime: time.Now()}
	v.del.wait(v.ctx, acct, p.Container, p.Key)
	w, err := acct.NewWriter(v.ctx, p.Container, p.Key, v.writerOptions(p, a, s.mtime, -1))
	if err != nil {
		return nil, err
	}
	s.w, s.key = w, p.Key
	if tee, err := v.stage.create(); err == nil {
		s.tee = tee
	}
	v.stats.Streamed.Add(1)
	return s, nil
}

// write appends p.
func (s *stream) write(p []byte) error {
	if s.tee != nil {
		if s.n+int64(len(p)) > s.teeMax {
			s.dropTee()
		} else if _, err := s.tee.WriteAt(p, s.n); err != nil {
			s.dropTee()
		}
	}
	n, err := s.w.Write(p)
	s.n += int64(n)
	return err
}

var zeros = make([]byte, 64<<10)

// zeros appends n zero bytes (a forward seek of the writer).
func (s *stream) zeros(n int64) error {
	for n > 0 {
		k := min(n, int64(len(zeros)))
		if err := s.write(zeros[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// commit makes the object visible. It returns the tee, if it holds the
// whole content, for the caller to keep as a staged copy.
func (s *stream) commit() (*stagedFile, error) {
	err := s.w.Close()
	tee := s.takeTee()
	if err != nil && tee != nil {
		tee.close()
		tee = nil
	}
	return tee, err
}

// abort discards the upload: nothing is committed.
func (s *stream) abort() {
	s.w.Abort()
	s.dropTee()
}

// takeTee hands over the tee if it holds everything written.
func (s *stream) takeTee() *stagedFile {
	t := s.tee
	s.tee = nil
	if t != nil && t.size != s.n {
		t.close()
		return nil
	}
	return t
}

func (s *stream) dropTee() {
	if s.tee != nil {
		s.tee.close()
		s.tee = nil
	}
}
