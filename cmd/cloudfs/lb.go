package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/cloudfs/cloudfs/config"
)

func newLBCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lb",
		Short: "List a load-balancer account's balancers",
	}
	cmd.AddCommand(newLBBalancersCommand())
	return cmd
}

func newLBBalancersCommand() *cobra.Command {
	opts := &outputOptions{}
	cmd := &cobra.Command{
		Use:               "balancers ACCOUNT",
		Short:             "List the balancers of a load-balancer account, with their members (a table, or JSON with --json)",
		Args:              exactArgs(1),
		ValidArgsFunction: completeAccounts(config.KindLB),
		RunE:              func(cmd *cobra.Command, args []string) error { return runLBBalancers(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runLBBalancers(ctx context.Context, opts *outputOptions, args []string) error {
	reg, err := appFrom(ctx).Registry()
	if err != nil {
		return err
	}
	acct, err := reg.LB(ctx, args[0])
	if err != nil {
		return fail("lb balancers", args[0], "", err)
	}
	list, err := acct.ListBalancers(ctx)
	if err != nil {
		return fail("lb balancers", args[0], "", err)
	}
	rows := make([][]any, len(list))
	for i, b := range list {
		rows[i] = []any{b.ID, b.Name, b.State, dash(b.IP), b.Port, b.Protocol, b.Algorithm, len(b.Members)}
	}
	return printList(ctx, opts.JSON, list, []string{"ID", "NAME", "STATE", "IP", "PORT", "PROTOCOL", "ALGORITHM", "MEMBERS"}, rows)
}
