package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cloudfs/cloudfs/config"
)

// computeOptions are the flags of the compute listings.
type computeOptions struct {
	outputOptions
	Location string
}

func (o *computeOptions) AddFlags(fs *pflag.FlagSet) {
	o.outputOptions.AddFlags(fs)
	fs.StringVar(&o.Location, "location", "", "only sizes or images available in this location")
}

func newComputeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "compute",
		Short: "List a compute account's nodes, sizes, images and locations",
	}
	for _, what := range []string{"nodes", "sizes", "images", "locations"} {
		cmd.AddCommand(newComputeListCommand(what))
	}
	return cmd
}

func newComputeListCommand(what string) *cobra.Command {
	opts := &computeOptions{}
	cmd := &cobra.Command{
		Use:               what + " ACCOUNT",
		Short:             "List the " + what + " of a compute account (a table, or JSON with --json)",
		Args:              exactArgs(1),
		ValidArgsFunction: completeAccounts(config.KindCompute),
		RunE:              func(cmd *cobra.Command, args []string) error { return runComputeList(cmd.Context(), what, opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runComputeList(ctx context.Context, what string, opts *computeOptions, args []string) error {
	name := "compute " + what
	reg, err := appFrom(ctx).Registry()
	if err != nil {
		return err
	}
	acct, err := reg.Compute(ctx, args[0])
	if err != nil {
		return fail(name, args[0], "", err)
	}
	var rows [][]any
	var header []string
	var list any
	switch what {
	case "nodes":
		nodes, err := acct.ListNodes(ctx)
		if err != nil {
			return fail(name, args[0], "", err)
		}
		list, header = nodes, []string{"ID", "NAME", "STATE", "SIZE", "IMAGE", "LOCATION", "PUBLIC IPS"}
		for _, n := range nodes {
			rows = append(rows, []any{n.ID, n.Name, n.State, dash(n.Size), dash(n.Image), dash(n.Location), dash(strings.Join(n.PublicIPs, ","))})
		}
	case "sizes":
		sizes, err := acct.ListSizes(ctx, opts.Location)
		if err != nil {
			return fail(name, args[0], "", err)
		}
		list, header = sizes, []string{"ID", "NAME", "VCPUS", "RAM MB", "DISK GB", "PRICE/H"}
		for _, s := range sizes {
			rows = append(rows, []any{s.ID, s.Name, s.VCPUs, s.RAMMB, s.DiskGB, s.Price})
		}
	case "images":
		images, err := acct.ListImages(ctx, opts.Location)
		if err != nil {
			return fail(name, args[0], "", err)
		}
		list, header = images, []string{"ID", "NAME"}
		for _, i := range images {
			rows = append(rows, []any{i.ID, i.Name})
		}
	case "locations":
		locs, err := acct.ListLocations(ctx)
		if err != nil {
			return fail(name, args[0], "", err)
		}
		list, header = locs, []string{"ID", "NAME", "COUNTRY"}
		for _, l := range locs {
			rows = append(rows, []any{l.ID, l.Name, dash(l.Country)})
		}
	}
	return printList(ctx, opts.JSON, list, header, rows)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// completeAccounts completes the account names of one kind.
func completeAccounts(kind string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		path := ""
		if f := cmd.Flag("config"); f != nil {
			path = f.Value.String()
		}
		cfg, err := config.Load(path)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, n := range cfg.Names(kind) {
			if strings.HasPrefix(n, toComplete) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
