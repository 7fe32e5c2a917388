package sync

import gosync "sync"

// workers runs jobs on a fixed set of long-lived goroutines. It is used
// instead of an errgroup with SetLimit for the transfers of a pass: a copy
// runs deep through the provider's SDK, and a fresh goroutine per file
// grows (copies) its stack every time, which was a sixth of the client's
// CPU on a push of many small files. Go blocks while every worker is busy,
// which is the back-pressure that keeps a pass's memory bounded.
type workers struct {
	jobs    chan func()
	pending gosync.WaitGroup // jobs handed out and not finished
	running gosync.WaitGroup // the goroutines
}

func newWorkers(n int) *workers {
	w := &workers{jobs: make(chan func())}
	for range n {
		w.running.Add(1)
		go func() {
			defer w.running.Done()
			for f := range w.jobs {
				f()
				w.pending.Done()
			}
		}()
	}
	return w
}

// Go runs f on the next free worker, waiting for one if need be.
func (w *workers) Go(f func()) {
	w.pending.Add(1)
	w.jobs <- f
}

// Wait waits for every job handed out so far.
func (w *workers) Wait() { w.pending.Wait() }

// Close waits for the jobs and stops the workers.
func (w *workers) Close() {
	w.pending.Wait()
	close(w.jobs)
	w.running.Wait()
}
