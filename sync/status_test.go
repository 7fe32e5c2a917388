package sync

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusFileRoundTrip(t *testing.T) {
	s := NewStats()
	s.copied.Add(3)
	s.copiedBytes.Add(3 << 20)
	in := s.begin("big.iso", 10<<20)
	in.done.Add(4 << 20)
	s.fail("locked.db", "copy", errors.New("permission denied"))
	s.succeeded(time.Now())
	s.setState("watching")
	name := filepath.Join(t.TempDir(), "status.json")
	require.NoError(t, WriteStatus(name, s.Snapshot()))
	got, err := ReadStatus(name)
	require.NoError(t, err)
	assert.Equal(t, "watching", got.State)
	assert.Equal(t, int64(3), got.Counters.Copied)
	require.Len(t, got.InFlight, 1)
	assert.Equal(t, int64(4<<20), got.InFlight[0].Done)
	require.Len(t, got.Failed, 1)
	assert.Equal(t, "locked.db", got.Failed[0].Path)
	require.NotNil(t, got.LastSuccess)

	var b bytes.Buffer
	got.Format(&b, time.Now())
	for _, want := range []string{"state:        watching", "copied:       3 files, 3.0 MiB", "big.iso  4.0 MiB of 10.0 MiB", "copy locked.db: permission denied"} {
		assert.Contains(t, b.String(), want)
	}
}

func TestProgressLine(t *testing.T) {
	s := NewStats()
	p := &Progress{stats: s}
	now := time.Now()
	s.queued.Add(10)
	s.queuedBytes.Add(100 << 20)
	p.line(now)
	s.copied.Add(5)
	s.bytes.Add(50 << 20)
	line := p.line(now.Add(5 * time.Second))
	assert.True(t, strings.HasPrefix(line, "5/10 files, 50.0 MiB/100.0 MiB, 10.0 MiB/s, ETA 5s"), line)
}

func TestLimiterPaces(t *testing.T) {
	l := NewLimiter(1 << 20) // 1 MiB/s, burst 128 KiB
	start := time.Now()
	for range 8 {
		require.NoError(t, l.Wait(t.Context(), 64<<10))
	}
	// 512 KiB at 1 MiB/s with 128 KiB of burst: at least ~375ms.
	assert.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
	assert.Nil(t, NewLimiter(0))
	assert.NoError(t, (*Limiter)(nil).Wait(t.Context(), 1<<30))
}
