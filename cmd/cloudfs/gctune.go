package main

import (
	"os"
	"runtime/debug"
)

// Garbage collection for `cloudfs sync`. Its live heap is small (a few
// MiB of listings and state) while every request through the AWS SDK
// makes garbage, so at Go's default (GOGC=100) it collects every few
// hundred files: a quarter of its CPU when pushing small files
// (docs/BENCHMARKS.md, Sync). It runs at GOGC=400 instead, with a soft
// memory limit so that the heap of a big-file push (part buffers in use)
// cannot grow to five times that; the limit is well above what sync
// holds live even with many transfers of big parts (past it, the
// collector would run all the time). Setting GOGC or GOMEMLIMIT leaves
// the collector to them alone.
const (
	syncGCPercent   = 400
	syncMemoryLimit = 1 << 30
)

func tuneGCForSync() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return // the user tuned the collector: leave it exactly so
	}
	debug.SetGCPercent(syncGCPercent)
	debug.SetMemoryLimit(syncMemoryLimit)
}
