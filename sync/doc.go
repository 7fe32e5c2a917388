// Package sync is the engine behind `cloudfs sync`: it keeps a destination
// in step with a source, where each side is a local directory tree or a
// prefix of a storage container (*storage.Account). cmd/cloudfs wires it to
// the command line; tests and the crash harness under sync/internal call it
// directly.
//
// A pass lists both sides concurrently as sorted streams and merges them (a
// merge-join), so a million-file tree never needs both listings in memory.
// Each pair is decided from the listings alone (size and mtime, see
// Compare), or by content hashes with --checksum, then copied with bounded
// concurrency. Deletes run last, and only when nothing failed.
//
// Watch keeps running after the first pass: fsnotify events are debounced
// per path, batched and pushed; periodic rescans repair whatever the events
// missed. No local state is needed for correctness: a restarted daemon
// finds what is already in step from the listings.
package sync
