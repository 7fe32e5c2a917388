package sync

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// maxFailures is how many recent failures Stats keeps for the status file.
const maxFailures = 100

// Stats are the running counters of a Syncer, shared by its passes and
// its watch loop, read by the progress display and the status file.
type Stats struct {
	start time.Time

	checked      atomic.Int64 // files compared and found up to date
	queued       atomic.Int64 // files planned for copying
	queuedBytes  atomic.Int64
	copied       atomic.Int64 // files copied
	copiedBytes  atomic.Int64 // bytes of files copied
	bytes        atomic.Int64 // bytes moved so far, including files in flight
	deleted      atomic.Int64
	toDelete     atomic.Int64 // deletes planned
	failed       atomic.Int64
	skipped      atomic.Int64 // files left alone for a reason that is not a failure
	retried      atomic.Int64 // attempts repeated after a transient error or a change
	passes       atomic.Int64
	pending      atomic.Int64 // watch mode: paths waiting for their quiet period
	deletesSkips atomic.Int64 // deletes withheld because something failed

	mu          sync.Mutex
	inflight    map[string]*inflight
	failures    []Failure
	lastSuccess time.Time
	state       string
}

// Inflight is a file being copied.
type Inflight struct {
	Path  string    `json:"path"`
	Size  int64     `json:"size"`
	Done  int64     `json:"done"`
	Start time.Time `json:"start"`
}

// inflight is the live record behind an Inflight.
type inflight struct {
	path  string
	size  int64
	start time.Time
	done  atomic.Int64
}

// Failure is a file that could not be copied or deleted.
type Failure struct {
	Path  string    `json:"path"`
	Op    string    `json:"op"`
	Error string    `json:"error"`
	Time  time.Time `json:"time"`
}

// NewStats starts the clock.
func NewStats() *Stats {
	return &Stats{start: time.Now(), inflight: map[string]*inflight{}, state: "starting"}
}

func (s *Stats) begin(path string, size int64) *inflight {
	in := &inflight{path: path, size: size, start: time.Now()}
	s.mu.Lock()
	s.inflight[path] = in
	s.mu.Unlock()
	return in
}

func (s *Stats) end(in *inflight) {
	s.mu.Lock()
	if s.inflight[in.path] == in {
		delete(s.inflight, in.path)
	}
	s.mu.Unlock()
}

func (s *Stats) fail(path, op string, err error) {
	s.failed.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.failures) == maxFailures {
		s.failures = s.failures[1:]
	}
	s.failures = append(s.failures, Failure{Path: path, Op: op, Error: err.Error(), Time: time.Now()})
}

func (s *Stats) succeeded(t time.Time) {
	s.mu.Lock()
	s.lastSuccess = t
	s.mu.Unlock()
}

func (s *Stats) setState(st string) {
	s.mu.Lock()
	s.state = st
	s.mu.Unlock()
}

// Snapshot is a copy of the counters at one moment; it is also the JSON
// of the status file.
type Snapshot struct {
	State       string     `json:"state"`
	Started     time.Time  `json:"started"`
	Updated     time.Time  `json:"updated"`
	LastSuccess *time.Time `json:"last_success,omitempty"`
	Passes      int64      `json:"passes"`
	Pending     int64      `json:"pending"`
	Counters    Counters   `json:"counters"`
	InFlight    []Inflight `json:"in_flight"`
	Failed      []Failure  `json:"failed"`
}

// Counters are the cumulative totals.
type Counters struct {
	Checked       int64 `json:"checked"`
	Queued        int64 `json:"queued"`
	QueuedBytes   int64 `json:"queued_bytes"`
	Copied        int64 `json:"copied"`
	CopiedBytes   int64 `json:"copied_bytes"`
	Bytes         int64 `json:"bytes"`
	Deleted       int64 `json:"deleted"`
	ToDelete      int64 `json:"to_delete"`
	Failed        int64 `json:"failed"`
	Skipped       int64 `json:"skipped"`
	Retried       int64 `json:"retried"`
	DeletesHeld   int64 `json:"deletes_withheld"`
	ElapsedMillis int64 `json:"elapsed_ms"`
}

// Snapshot copies the counters.
func (s *Stats) Snapshot() Snapshot {
	now := time.Now()
	snap := Snapshot{
		Started: s.start,
		Updated: now,
		Passes:  s.passes.Load(),
		Pending: s.pending.Load(),
		Counters: Counters{
			Checked:       s.checked.Load(),
			Queued:        s.queued.Load(),
			QueuedBytes:   s.queuedBytes.Load(),
			Copied:        s.copied.Load(),
			CopiedBytes:   s.copiedBytes.Load(),
			Bytes:         s.bytes.Load(),
			Deleted:       s.deleted.Load(),
			ToDelete:      s.toDelete.Load(),
			Failed:        s.failed.Load(),
			Skipped:       s.skipped.Load(),
			Retried:       s.retried.Load(),
			DeletesHeld:   s.deletesSkips.Load(),
			ElapsedMillis: now.Sub(s.start).Milliseconds(),
		},
	}
	s.mu.Lock()
	snap.State = s.state
	if !s.lastSuccess.IsZero() {
		t := s.lastSuccess
		snap.LastSuccess = &t
	}
	snap.InFlight = make([]Inflight, 0, len(s.inflight))
	for _, in := range s.inflight {
		snap.InFlight = append(snap.InFlight, Inflight{Path: in.path, Size: in.size, Start: in.start, Done: in.done.Load()})
	}
	snap.Failed = append([]Failure{}, s.failures...)
	s.mu.Unlock()
	sort.Slice(snap.InFlight, func(i, j int) bool { return snap.InFlight[i].Path < snap.InFlight[j].Path })
	return snap
}
