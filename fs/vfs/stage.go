package vfs

import (
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
)

// stageCache is the bounded local directory where files that are not
// written sequentially are staged until they are uploaded. Staging files
// are unlinked as soon as they are created, so a crash leaves nothing
// behind; the bound counts the bytes they hold.
type stageCache struct {
	dir string
	max int64

	mu   sync.Mutex
	used int64
}

func newStageCache(dir string, max int64) (*stageCache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("staging cache: %w", err)
	}
	return &stageCache{dir: dir, max: max}, nil
}

// reserve takes n bytes of the bound, or fails with ENOSPC.
func (c *stageCache) reserve(n int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.used+n > c.max {
		return fmt.Errorf("%w: staging cache %s is full (%d of %d bytes)", syscall.ENOSPC, c.dir, c.used, c.max)
	}
	c.used += n
	return nil
}

func (c *stageCache) release(n int64) {
	c.mu.Lock()
	c.used -= n
	c.mu.Unlock()
}

// Used is the number of bytes staged now.
func (c *stageCache) Used() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// create makes an empty staging file.
func (c *stageCache) create() (*stagedFile, error) {
	f, err := os.CreateTemp(c.dir, "stage-*")
	if err != nil {
		return nil, err
	}
	_ = os.Remove(f.Name())
	return &stagedFile{c: c, f: f}, nil
}

// stagedFile is one file's content in the staging cache.
type stagedFile struct {
	c        *stageCache
	f        *os.File
	size     int64
	reserved int64
}

// WriteAt writes p at off, growing the file (and its reservation).
func (s *stagedFile) WriteAt(p []byte, off int64) (int, error) {
	end := off + int64(len(p))
	if err := s.grow(end); err != nil {
		return 0, err
	}
	n, err := s.f.WriteAt(p, off)
	if end := off + int64(n); end > s.size {
		s.size = end
	}
	return n, err
}

// ReadAt reads up to the file's size; it returns 0, nil at the end.
func (s *stagedFile) ReadAt(p []byte, off int64) (int, error) {
	if off >= s.size {
		return 0, nil
	}
	if rest := s.size - off; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := s.f.ReadAt(p, off)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// Truncate sets the size; new bytes read as zeros.
func (s *stagedFile) Truncate(n int64) error {
	if err := s.grow(n); err != nil {
		return err
	}
	if err := s.f.Truncate(n); err != nil {
		return err
	}
	s.size = n
	if n < s.reserved {
		s.c.release(s.reserved - n)
		s.reserved = n
	}
	return nil
}

func (s *stagedFile) grow(end int64) error {
	if end <= s.reserved {
		return nil
	}
	if err := s.c.reserve(end - s.reserved); err != nil {
		return err
	}
	s.reserved = end
	return nil
}

// reader reads the whole content.
func (s *stagedFile) reader() io.Reader { return io.NewSectionReader(s.f, 0, s.size) }

// close frees the file and its reservation.
func (s *stagedFile) close() {
	_ = s.f.Close()
	s.c.release(s.reserved)
	s.reserved = 0
}
