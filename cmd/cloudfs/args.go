package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// Argument-count checks whose errors are usage errors (exit status 2).
var (
	noArgs = usageArgs(cobra.NoArgs)
)

func exactArgs(n int) cobra.PositionalArgs      { return usageArgs(cobra.ExactArgs(n)) }
func minArgs(n int) cobra.PositionalArgs        { return usageArgs(cobra.MinimumNArgs(n)) }
func rangeArgs(lo, hi int) cobra.PositionalArgs { return usageArgs(cobra.RangeArgs(lo, hi)) }

func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &usageError{fmt.Errorf("%s: %w", cmd.Name(), err)}
		}
		return nil
	}
}
