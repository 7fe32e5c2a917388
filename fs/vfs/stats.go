package vfs

import "sync/atomic"

// Stats counts what tests and benchmarks want to see from outside.
type Stats struct {
	raLimit   int64
	raInUse   atomic.Int64 // read-ahead bytes held now
	raPeak    atomic.Int64 // the most ever held
	Reads     atomic.Int64 // read requests served
	ReadBytes atomic.Int64 // bytes they returned
	Chunks    atomic.Int64 // read-ahead ranges fetched
	Direct    atomic.Int64 // exact-range reads (random access)
	Streamed  atomic.Int64 // uploads that streamed while written
	Staged    atomic.Int64 // files that were staged locally
	Spilled   atomic.Int64 // streams that switched to staging
	Commits   atomic.Int64 // successful commits
	Failed    atomic.Int64 // failed commits
	Retargets atomic.Int64 // renames of pending files (no upload)
	Held      atomic.Int64 // closed temporary files held for their rename
	WroteBack atomic.Int64 // held files renamed before their upload (Options.WriteBack)
}

// Stats returns the VFS's counters.
func (v *VFS) Stats() *Stats { return &v.stats }

// ReadAheadPeak is the most read-ahead memory held at once, in bytes.
func (s *Stats) ReadAheadPeak() int64 { return s.raPeak.Load() }

// ReadAheadInUse is the read-ahead memory held now, in bytes.
func (s *Stats) ReadAheadInUse() int64 { return s.raInUse.Load() }

// ReadAheadLimit is the global read-ahead budget.
func (s *Stats) ReadAheadLimit() int64 { return s.raLimit }

func (s *Stats) raAdd(n int64) {
	cur := s.raInUse.Add(n)
	for {
		peak := s.raPeak.Load()
		if cur <= peak || s.raPeak.CompareAndSwap(peak, cur) {
			return
		}
	}
}
