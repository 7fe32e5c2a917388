package main

// syncDaemon is `cloudfs sync --daemon`: the child opens the accounts,
// checks the sides and writes --pid-file, then says ok.
var syncDaemon = &daemon{env: "CLOUDFS_SYNC_DAEMON", what: "sync", notReady: "the daemon exited before it was ready"}

func isSyncDaemonChild() bool { return syncDaemon.isChild() }

func daemonizeSync(o *syncOptions) error { return syncDaemon.start(o.LogFile) }

// syncReady tells a waiting parent how start-up went, once, and returns err.
func syncReady(err error) error { return syncDaemon.ready(err) }
