package sync

import (
	"container/heap"
	"sort"
	"time"
)

// debouncer collects paths that changed and releases each once it has
// been quiet for a while: a file still being written is copied once, when
// its writer is done, not after every write. A path that never goes quiet
// (a log being appended to) is released anyway after maxWait.
//
// It is a plain data structure driven by the caller's clock (now), so it
// is tested without sleeping. Not safe for concurrent use.
type debouncer struct {
	quiet, maxWait time.Duration
	pending        map[string]*pend
	h              dueHeap // may hold stale items; see due
}

type pend struct {
	first, last time.Time
	at          time.Time // when it is released
}

func newDebouncer(quiet, maxWait time.Duration) *debouncer {
	return &debouncer{quiet: quiet, maxWait: maxWait, pending: map[string]*pend{}}
}

// add records a change to path at now, pushing its release back.
func (d *debouncer) add(path string, now time.Time) {
	p := d.pending[path]
	if p == nil {
		p = &pend{first: now}
		d.pending[path] = p
	}
	p.last = now
	at := now.Add(d.quiet)
	if d.maxWait > 0 {
		if limit := p.first.Add(d.maxWait); limit.Before(at) {
			at = limit
		}
	}
	p.at = at
	heap.Push(&d.h, dueItem{path: path, at: at})
}

// due removes and returns, sorted, the paths whose release time has come.
func (d *debouncer) due(now time.Time) []string {
	var out []string
	for len(d.h) > 0 && !d.h[0].at.After(now) {
		it := heap.Pop(&d.h).(dueItem)
		p := d.pending[it.path]
		if p == nil || !p.at.Equal(it.at) {
			continue // stale: the path was changed again, or released already
		}
		delete(d.pending, it.path)
		out = append(out, it.path)
	}
	sort.Strings(out)
	return out
}

// next is the earliest release time; ok is false when nothing is pending.
func (d *debouncer) next() (time.Time, bool) {
	for len(d.h) > 0 {
		it := d.h[0]
		if p := d.pending[it.path]; p != nil && p.at.Equal(it.at) {
			return it.at, true
		}
		heap.Pop(&d.h) // drop stale items as they surface
	}
	return time.Time{}, false
}

func (d *debouncer) len() int { return len(d.pending) }

type dueItem struct {
	path string
	at   time.Time
}

type dueHeap []dueItem

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(dueItem)) }
func (h *dueHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}
