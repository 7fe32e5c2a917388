package main

import (
	"context"
	"io"
	"os"

	"github.com/spf13/cobra"
)

func newCatCommand() *cobra.Command {
	return &cobra.Command{
		Use:               "cat PATH...",
		Short:             "Write objects (or local files) to standard output",
		Args:              minArgs(1),
		ValidArgsFunction: completeLocation,
		RunE:              func(cmd *cobra.Command, args []string) error { return runCat(cmd.Context(), args) },
	}
}

func runCat(ctx context.Context, args []string) error {
	out := appFrom(ctx).stdout
	for _, arg := range args {
		if err := catOne(ctx, out, parseLocation(arg)); err != nil {
			return err
		}
	}
	return nil
}

func catOne(ctx context.Context, out io.Writer, loc location) error {
	var r io.ReadCloser
	if loc.remote() {
		if err := needContainer("cat", loc); err != nil {
			return err
		}
		if loc.isDirLike() {
			return fail("cat", loc.Raw, "", usagef("is a container or directory, not an object"))
		}
		acct, err := storageAccount(ctx, "cat", loc)
		if err != nil {
			return err
		}
		obj, err := acct.NewReader(ctx, loc.Container, loc.Key, nil)
		if err != nil {
			return fail("cat", loc.Raw, "object", err)
		}
		r = obj
	} else {
		f, err := os.Open(loc.Local)
		if err != nil {
			return fail("cat", loc.Raw, "", err)
		}
		r = f
	}
	defer r.Close()
	_, err := io.Copy(out, r)
	return fail("cat", loc.Raw, "", err)
}
