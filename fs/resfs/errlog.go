package resfs

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// errorLog is an account folder's .errors file: the most recent failures
// (a ring of errorRing entries), oldest first, one line each:
//
//	2025-01-02T15:04:05Z compute/lab/nodes/web1.json: compute.CreateNode web1: invalid argument: unknown size "huge"
//
// Every entry is also logged.
type errorLog struct {
	log *slog.Logger

	mu      sync.Mutex
	entries []errorEntry
	next    int // where the next entry goes once the ring is full
	changed time.Time
}

type errorEntry struct {
	at   time.Time
	path string
	msg  string
}

func newErrorLog(log *slog.Logger) *errorLog { return &errorLog{log: log} }

// add records a failure of what the user did to path (a path inside the
// mount, without the mountpoint).
func (l *errorLog) add(path string, err error) {
	l.log.Warn("mount: change refused", "path", path, "err", err)
	l.put(path, err)
}

// put records a failure without logging it.
func (l *errorLog) put(path string, err error) {
	e := errorEntry{at: time.Now().UTC(), path: path, msg: oneLine(err.Error())}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changed = e.at
	if len(l.entries) < errorRing {
		l.entries = append(l.entries, e)
		return
	}
	l.entries[l.next] = e
	l.next = (l.next + 1) % errorRing
}

// text renders the ring, oldest first.
func (l *errorLog) text() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for i := range l.entries {
		e := l.entries[(l.next+i)%len(l.entries)]
		fmt.Fprintf(&b, "%s %s: %s\n", e.at.Format(time.RFC3339), e.path, e.msg)
	}
	return []byte(b.String())
}

// mtime is when the last failure was recorded (zero if none).
func (l *errorLog) mtime() time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changed
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
