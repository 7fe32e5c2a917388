package resfs

import (
	"context"
	"sync"
	"syscall"
	"time"

	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// maxScratchSize bounds one scratch file (a vim swap file of a large zone
// is bigger than the zone).
const maxScratchSize = 32 << 20

// memFile is a scratch file's content. It never reaches the provider,
// and lives until it is deleted or the mount ends.
type memFile struct {
	mu    sync.Mutex
	data  []byte
	mtime time.Time
}

func newMemFile(data []byte) *memFile {
	return &memFile{data: append([]byte(nil), data...), mtime: time.Now()}
}

func (m *memFile) stat() (int, time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.data), m.mtime
}

func (m *memFile) bytes() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.data...)
}

func (m *memFile) set(b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.data, m.mtime = append([]byte(nil), b...), time.Now()
}

func (m *memFile) truncate(size int) syscall.Errno {
	if size > maxScratchSize {
		return syscall.EFBIG
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if size <= len(m.data) {
		m.data = m.data[:size]
	} else {
		m.data = append(m.data, make([]byte, size-len(m.data))...)
	}
	m.mtime = time.Now()
	return 0
}

// scratchHandle is an open scratch file: reads and writes go straight to
// its memory, so every handle sees the others' writes.
type scratchHandle struct{ m *memFile }

var _ = (gofs.FileReader)((*scratchHandle)(nil))

func (h *scratchHandle) Read(ctx context.Context, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	h.m.mu.Lock()
	defer h.m.mu.Unlock()
	if off >= int64(len(h.m.data)) {
		return fuse.ReadResultData(nil), 0
	}
	n := copy(dest, h.m.data[off:])
	return fuse.ReadResultData(dest[:n]), 0
}

var _ = (gofs.FileWriter)((*scratchHandle)(nil))

func (h *scratchHandle) Write(ctx context.Context, data []byte, off int64) (uint32, syscall.Errno) {
	end := off + int64(len(data))
	if end > maxScratchSize {
		return 0, syscall.EFBIG
	}
	h.m.mu.Lock()
	defer h.m.mu.Unlock()
	if end > int64(len(h.m.data)) {
		h.m.data = append(h.m.data, make([]byte, int(end)-len(h.m.data))...)
	}
	copy(h.m.data[off:], data)
	h.m.mtime = time.Now()
	return uint32(len(data)), 0
}

var _ = (gofs.FileFlusher)((*scratchHandle)(nil))

func (h *scratchHandle) Flush(ctx context.Context) syscall.Errno { return 0 }

var _ = (gofs.FileFsyncer)((*scratchHandle)(nil))

func (h *scratchHandle) Fsync(ctx context.Context, flags uint32) syscall.Errno { return 0 }
