package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

func newRmdirCommand() *cobra.Command {
	return &cobra.Command{
		Use:               "rmdir account:container[/dir/]...",
		Short:             "Delete an empty container, or an empty directory's marker",
		Args:              minArgs(1),
		ValidArgsFunction: completeLocation,
		RunE:              func(cmd *cobra.Command, args []string) error { return runRmdir(cmd.Context(), args) },
	}
}

func runRmdir(ctx context.Context, args []string) error {
	for _, arg := range args {
		if err := rmdirOne(ctx, parseLocation(arg)); err != nil {
			return err
		}
	}
	return nil
}

func rmdirOne(ctx context.Context, loc location) error {
	if !loc.remote() {
		return usagef("rmdir %s: not an account:container path", loc.Raw)
	}
	if err := needContainer("rmdir", loc); err != nil {
		return err
	}
	acct, err := storageAccount(ctx, "rmdir", loc)
	if err != nil {
		return err
	}
	if loc.Key == "" {
		return fail("rmdir", loc.Raw, "container", acct.DeleteContainer(ctx, loc.Container))
	}
	// A directory inside a container: only its marker may remain.
	marker := loc.dirPrefix()
	page, err := acct.ListPage(ctx, loc.Container, &storage.ListOptions{Prefix: marker, PageSize: 2})
	if err != nil {
		return fail("rmdir", loc.Raw, "container", err)
	}
	hasMarker := false
	for _, obj := range page.Objects {
		if obj.Key != marker {
			return fail("rmdir", loc.Raw, "directory", errs.E(errs.NotEmpty, "", "", nil))
		}
		hasMarker = true
	}
	if !hasMarker {
		return fail("rmdir", loc.Raw, "directory", errs.E(errs.NotFound, "", "", nil))
	}
	return fail("rmdir", loc.Raw, "directory", acct.Delete(ctx, loc.Container, marker))
}
