package main

import "context"

// mountDaemon is `cloudfs mount --daemon`: the child mounts, then says ok.
var mountDaemon = &daemon{env: "CLOUDFS_MOUNT_DAEMON", what: "mount", notReady: "the daemon exited before mounting"}

func isDaemonChild() bool { return mountDaemon.isChild() }

// daemonize starts the mount in the background and waits for its verdict.
func daemonize(ctx context.Context, opts *mountOptions, mountpoint string) error {
	return mountDaemon.start(opts.LogFile)
}

// reportReady tells a waiting parent how the mount went and returns err.
func reportReady(err error) error { return mountDaemon.ready(err) }
