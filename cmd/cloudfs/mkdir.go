package main

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

type mkdirOptions struct {
	Parents bool
}

func (o *mkdirOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVarP(&o.Parents, "parents", "p", false, "no error if it exists; create the container too")
}

func newMkdirCommand() *cobra.Command {
	opts := &mkdirOptions{}
	cmd := &cobra.Command{
		Use:   "mkdir account:container[/dir/]...",
		Short: "Create a container, or a directory marker inside one",
		Long: `mkdir account:container creates a container. mkdir account:container/dir
writes the empty marker object "dir/", which makes an empty directory show
in listings and in the mount.`,
		Args:              minArgs(1),
		ValidArgsFunction: completeLocation,
		RunE:              func(cmd *cobra.Command, args []string) error { return runMkdir(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runMkdir(ctx context.Context, opts *mkdirOptions, args []string) error {
	for _, arg := range args {
		if err := mkdirOne(ctx, opts, parseLocation(arg)); err != nil {
			return err
		}
	}
	return nil
}

func mkdirOne(ctx context.Context, opts *mkdirOptions, loc location) error {
	if !loc.remote() {
		return usagef("mkdir %s: not an account:container path (use your shell's mkdir for local directories)", loc.Raw)
	}
	if err := needContainer("mkdir", loc); err != nil {
		return err
	}
	acct, err := storageAccount(ctx, "mkdir", loc)
	if err != nil {
		return err
	}
	if loc.Key == "" {
		err := acct.CreateContainer(ctx, loc.Container)
		if opts.Parents && errs.Is(err, errs.AlreadyExists) {
			err = nil
		}
		return fail("mkdir", loc.Raw, "container", err)
	}
	// A directory marker.
	if opts.Parents {
		if err := acct.CreateContainer(ctx, loc.Container); err != nil && !errs.Is(err, errs.AlreadyExists) {
			return fail("mkdir", loc.Raw, "container", err)
		}
	} else if _, err := acct.GetContainer(ctx, loc.Container); err != nil {
		return fail("mkdir", loc.Raw, "container", err)
	}
	marker := loc.dirPrefix()
	if !opts.Parents {
		if _, err := acct.Stat(ctx, loc.Container, marker); err == nil {
			return fail("mkdir", loc.Raw, "directory", errs.E(errs.AlreadyExists, "", "", nil))
		}
	}
	w, err := acct.NewWriter(ctx, loc.Container, marker, &storage.WriterOptions{SizeHint: 0})
	if err != nil {
		return fail("mkdir", loc.Raw, "", err)
	}
	return fail("mkdir", loc.Raw, "", w.Close())
}
