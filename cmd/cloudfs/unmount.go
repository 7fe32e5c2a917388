package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cloudfs/cloudfs/fs/fusefs"
)

type unmountOptions struct {
	Lazy    bool
	Timeout time.Duration
}

func (o *unmountOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVarP(&o.Lazy, "lazy", "z", false, "detach now even if files are open; the mount goes away when they close")
	fs.DurationVar(&o.Timeout, "timeout", 30*time.Second, "how long to wait for the mount to go away")
}

func newUnmountCommand() *cobra.Command {
	opts := &unmountOptions{}
	cmd := &cobra.Command{
		Use:   "unmount MOUNTPOINT",
		Short: "Unmount a cloudfs mount",
		Long: `unmount detaches a cloudfs mount (umount(2) as root, fusermount3 -u
otherwise). It fails while files on the mount are open unless --lazy. The
mount's process commits nothing half-written: every file was uploaded when
it was closed.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runUnmount(cmd.Context(), opts, args[0]) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runUnmount(ctx context.Context, opts *unmountOptions, mountpoint string) error {
	if !fusefs.IsMounted(mountpoint) {
		return fmt.Errorf("unmount %s: not a cloudfs mount", mountpoint)
	}
	if err := fusefs.Unmount(mountpoint, opts.Lazy); err != nil {
		return fmt.Errorf("unmount %s: %w", mountpoint, err)
	}
	if !opts.Lazy && !fusefs.WaitGone(mountpoint, opts.Timeout) {
		return fmt.Errorf("unmount %s: still mounted after %v", mountpoint, opts.Timeout)
	}
	return nil
}
