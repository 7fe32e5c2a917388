package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/fs/fusefs"
	"github.com/cloudfs/cloudfs/fs/resfs"
	"github.com/cloudfs/cloudfs/fs/vfs"
)

// runMount wires config → registry → storage accounts → VFS → FUSE, then
// serves until unmounted or interrupted.
func runMount(ctx context.Context, opts *mountOptions, mountpoint string) error {
	if opts.Daemon && !isDaemonChild() {
		return daemonize(ctx, opts, mountpoint)
	}
	vo, err := opts.vfsOptions()
	if err != nil {
		return reportReady(err)
	}
	if err := checkMountpoint(mountpoint); err != nil {
		return reportReady(err)
	}
	accounts, err := openStorageAccounts(ctx)
	if err != nil {
		return reportReady(err)
	}
	vo.Logger = slog.Default()
	v, err := vfs.New(accounts, vo)
	if err != nil {
		return reportReady(fmt.Errorf("mount %s: %w", mountpoint, err))
	}
	srv, err := fusefs.Mount(mountpoint, v, fusefs.Options{AllowOther: opts.AllowOther, Debug: opts.FuseDebug, DirectIO: opts.DirectIO,
		Trees: resourceTrees(ctx, v)}) // compute/, dns/, lb/: fs/resfs
	if err != nil {
		v.Abort()
		return reportReady(err)
	}
	slog.Info("mounted", "mountpoint", mountpoint, "accounts", v.Accounts())
	if err := reportReady(nil); err != nil {
		slog.Warn("could not tell the parent the mount is ready", "err", err)
	}
	return serve(ctx, srv, v, mountpoint)
}

// openStorageAccounts opens every storage account of the config.
func openStorageAccounts(ctx context.Context) (map[string]*storage.Account, error) {
	reg, err := appFrom(ctx).Registry()
	if err != nil {
		return nil, err
	}
	names := reg.Names("storage")
	if len(names) == 0 {
		slog.Warn("mount: the config has no storage account: storage/ is empty")
	}
	accounts := make(map[string]*storage.Account, len(names))
	for _, name := range names {
		a, err := reg.Storage(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("mount: %w", err)
		}
		accounts[name] = a
	}
	return accounts, nil
}

// serve waits for an unmount (from cloudfs unmount, fusermount3 -u or
// umount) or a signal, then shuts down cleanly.
func serve(ctx context.Context, srv *fusefs.Server, v *vfs.VFS, mountpoint string) error {
	done := make(chan struct{})
	go func() { srv.Wait(); close(done) }()
	select {
	case <-done:
		slog.Info("unmounted", "mountpoint", mountpoint)
	case <-ctx.Done():
		slog.Info("signal: finishing uploads and unmounting", "mountpoint", mountpoint)
		shutdown(srv, v, mountpoint, done)
	}
	cctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := v.Close(cctx); err != nil {
		return fmt.Errorf("mount %s: uploads pending at unmount failed: %w", mountpoint, err)
	}
	return nil
}

// shutdown unmounts after a signal. An idle mount unmounts at once (the
// kernel has released every file, so every upload has been committed).
// A busy one first lets commits in flight finish and discards the content
// of files still open for writing (their applications never closed them,
// so nothing half-written is uploaded), then detaches lazily.
func shutdown(srv *fusefs.Server, v *vfs.VFS, mountpoint string, done <-chan struct{}) {
	if err := srv.Unmount(); err == nil {
		<-done
		return
	}
	v.Abort()
	if err := srv.UnmountLazy(); err != nil {
		slog.Warn("unmount", "mountpoint", mountpoint, "err", err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		slog.Warn("the kernel still holds the mount; exiting anyway", "mountpoint", mountpoint)
	}
}

// checkMountpoint fails early, with a plain message, on a mountpoint that
// cannot work.
func checkMountpoint(mountpoint string) error {
	st, err := os.Stat(mountpoint)
	switch {
	case err != nil:
		return fmt.Errorf("mount %s: %w", mountpoint, errors.Unwrap(err))
	case !st.IsDir():
		return fmt.Errorf("mount %s: not a directory", mountpoint)
	case fusefs.IsMounted(mountpoint):
		return fmt.Errorf("mount %s: already mounted", mountpoint)
	}
	return nil
}

func uidDefault() int { return os.Getuid() }
func gidDefault() int { return os.Getgid() }

// resourceTrees builds compute/, dns/ and lb/ beside storage/ (fs/resfs;
// added for issue 6 by the resource-files owner). An account that cannot
// be opened is logged and shows only its .errors; the mount still comes
// up.
func resourceTrees(ctx context.Context, v *vfs.VFS) []fusefs.Tree {
	reg, err := appFrom(ctx).Registry()
	if err != nil {
		slog.Warn("mount: no compute, dns or lb trees", "err", err)
		return nil
	}
	o := v.Options()
	return resfs.Open(ctx, reg, resfs.Options{UID: o.UID, GID: o.GID, Logger: slog.Default()})
}
