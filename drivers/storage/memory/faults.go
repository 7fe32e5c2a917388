package memory

import (
	"sync"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Op names a driver operation for fault injection and call counting.
type Op string

// The operations that FailNext, SetFault and Calls know about.
const (
	OpListContainers  Op = "ListContainers"
	OpGetContainer    Op = "GetContainer"
	OpCreateContainer Op = "CreateContainer"
	OpDeleteContainer Op = "DeleteContainer"
	OpList            Op = "List"      // ListObjects
	OpStat            Op = "Stat"      //
	OpRead            Op = "Read"      // NewRangeReader (not each Read call)
	OpNewWriter       Op = "NewWriter" // starting a write
	OpWrite           Op = "Write"     // each Writer.Write call
	OpCommit          Op = "Commit"    // Writer.Close, before the object is stored
	OpDelete          Op = "Delete"    //
	OpSetMetadata     Op = "SetMetadata"
	OpCopy            Op = "Copy"
	OpRename          Op = "Rename"
)

// FaultFunc decides whether an operation fails: a non-nil error is
// returned by the operation (wrapped by the portable Account) and the
// operation has no effect. It may also sleep to simulate a slow provider.
// It runs outside the driver's locks, so it may call the driver.
type FaultFunc func(op Op, container, key string) error

type faults struct {
	mu    sync.Mutex
	next  map[Op][]error
	fn    FaultFunc
	calls map[Op]int64
}

// FailNext makes the next call of op fail with err and have no effect.
// Calls queue: FailNext twice fails the next two calls. A nil err stands
// for a Transient error. For OpCommit this is how a test proves that a
// failed upload fails the close and leaves no object.
func (d *Driver) FailNext(op Op, err error) {
	if err == nil {
		err = errs.Errorf(errs.Transient, "memory."+string(op), "", "injected fault")
	}
	d.faults.mu.Lock()
	defer d.faults.mu.Unlock()
	if d.faults.next == nil {
		d.faults.next = map[Op][]error{}
	}
	d.faults.next[op] = append(d.faults.next[op], err)
}

// SetFault installs f, consulted before every operation after any queued
// FailNext errors; nil removes it.
func (d *Driver) SetFault(f FaultFunc) {
	d.faults.mu.Lock()
	defer d.faults.mu.Unlock()
	d.faults.fn = f
}

// Calls reports how many times op reached the store, including calls
// failed by a fault but not calls made with a done ctx (an aborted write's
// Close is not a commit), for tests that prove work was or was not redone.
func (d *Driver) Calls(op Op) int64 {
	d.faults.mu.Lock()
	defer d.faults.mu.Unlock()
	return d.faults.calls[op]
}

// ResetCalls sets every call counter back to zero.
func (d *Driver) ResetCalls() {
	d.faults.mu.Lock()
	defer d.faults.mu.Unlock()
	d.faults.calls = nil
}

func (f *faults) hit(op Op, container, key string) error {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[Op]int64{}
	}
	f.calls[op]++
	var queued error
	if q := f.next[op]; len(q) > 0 {
		queued, f.next[op] = q[0], q[1:]
	}
	fn := f.fn
	f.mu.Unlock()
	if queued != nil {
		return queued
	}
	if fn != nil {
		return fn(op, container, key)
	}
	return nil
}
