package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/cloudfs/cloudfs/transport"
)

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runVersion(cmd.Context()) },
	}
}

func runVersion(ctx context.Context) error {
	_, err := fmt.Fprintf(appFrom(ctx).stdout, "cloudfs %s (%s %s/%s)\n", transport.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
