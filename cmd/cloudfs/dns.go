package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

func newDNSCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dns",
		Short: "List, export and import a DNS account's zones and records",
	}
	cmd.AddCommand(newDNSZonesCommand(), newDNSRecordsCommand(), newDNSExportCommand(), newDNSImportCommand())
	return cmd
}

func newDNSZonesCommand() *cobra.Command {
	opts := &outputOptions{}
	cmd := &cobra.Command{
		Use:               "zones ACCOUNT",
		Short:             "List a DNS account's zones (a table, or JSON with --json)",
		Args:              exactArgs(1),
		ValidArgsFunction: completeAccounts(config.KindDNS),
		RunE:              func(cmd *cobra.Command, args []string) error { return runDNSZones(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runDNSZones(ctx context.Context, opts *outputOptions, args []string) error {
	acct, err := dnsAccount(ctx, "dns zones", args[0])
	if err != nil {
		return err
	}
	zones, err := acct.ListZones(ctx)
	if err != nil {
		return fail("dns zones", args[0], "", err)
	}
	rows := make([][]any, len(zones))
	for i, z := range zones {
		rows[i] = []any{z.ID, z.Domain, z.Type, z.TTL}
	}
	return printList(ctx, opts.JSON, zones, []string{"ID", "DOMAIN", "TYPE", "TTL"}, rows)
}

func newDNSRecordsCommand() *cobra.Command {
	opts := &outputOptions{}
	cmd := &cobra.Command{
		Use:               "records ACCOUNT ZONE",
		Short:             "List a zone's records (ZONE is a domain or a zone ID)",
		Args:              exactArgs(2),
		ValidArgsFunction: completeAccounts(config.KindDNS),
		RunE:              func(cmd *cobra.Command, args []string) error { return runDNSRecords(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runDNSRecords(ctx context.Context, opts *outputOptions, args []string) error {
	acct, zone, err := dnsZone(ctx, "dns records", args[0], args[1])
	if err != nil {
		return err
	}
	recs, err := acct.ListRecords(ctx, zone.ID)
	if err != nil {
		return fail("dns records", args[0]+" "+args[1], "zone", err)
	}
	rows := make([][]any, len(recs))
	for i, r := range recs {
		name := r.Name
		if name == "" {
			name = "@"
		}
		ttl := r.TTL
		if ttl == 0 {
			ttl = zone.TTL
		}
		prio := "-"
		if r.Type == "MX" || r.Type == "SRV" {
			prio = fmt.Sprint(r.Priority)
		}
		rows[i] = []any{name, ttl, r.Type, prio, r.Data, r.ID}
	}
	return printList(ctx, opts.JSON, recs, []string{"NAME", "TTL", "TYPE", "PRIORITY", "DATA", "ID"}, rows)
}

func newDNSExportCommand() *cobra.Command {
	return &cobra.Command{
		Use:               "export ACCOUNT ZONE",
		Short:             "Print a zone as a BIND zone file",
		Args:              exactArgs(2),
		ValidArgsFunction: completeAccounts(config.KindDNS),
		RunE:              func(cmd *cobra.Command, args []string) error { return runDNSExport(cmd.Context(), args) },
	}
}

func runDNSExport(ctx context.Context, args []string) error {
	acct, zone, err := dnsZone(ctx, "dns export", args[0], args[1])
	if err != nil {
		return err
	}
	text, err := acct.Export(ctx, zone.ID)
	if err != nil {
		return fail("dns export", args[0]+" "+args[1], "zone", err)
	}
	_, err = io.WriteString(appFrom(ctx).stdout, text)
	return err
}

type dnsImportOptions struct {
	DryRun bool
}

func (o *dnsImportOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVarP(&o.DryRun, "dry-run", "n", false, "print the changes without making them")
}

func newDNSImportCommand() *cobra.Command {
	opts := &dnsImportOptions{}
	cmd := &cobra.Command{
		Use:   "import ACCOUNT ZONE FILE",
		Short: "Make a zone match a BIND zone file (FILE \"-\" reads standard input)",
		Long: `import computes the difference between the zone and the zone file, prints it
(- deleted, ~ changed, + added) and applies it: in one step where the
provider can, else deletes, changes, then additions. A file that does not
parse, or holds a record the provider would refuse, changes nothing.`,
		Args:              exactArgs(3),
		ValidArgsFunction: completeAccounts(config.KindDNS),
		RunE:              func(cmd *cobra.Command, args []string) error { return runDNSImport(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runDNSImport(ctx context.Context, opts *dnsImportOptions, args []string) error {
	a := appFrom(ctx)
	var text []byte
	var err error
	if args[2] == "-" {
		text, err = io.ReadAll(a.stdin)
	} else {
		text, err = os.ReadFile(args[2])
	}
	if err != nil {
		return fail("dns import", args[2], "", err)
	}
	acct, zone, err := dnsZone(ctx, "dns import", args[0], args[1])
	if err != nil {
		return err
	}
	plan, err := acct.Import(ctx, zone.ID, string(text), opts.DryRun)
	if plan != nil {
		io.WriteString(a.stdout, plan.String())
		if opts.DryRun && !plan.Empty() {
			io.WriteString(a.stdout, "Dry run: nothing was changed.\n")
		}
	}
	return fail("dns import", args[0]+" "+args[1], "", err)
}

// dnsAccount opens a DNS account.
func dnsAccount(ctx context.Context, name, account string) (*dns.Account, error) {
	reg, err := appFrom(ctx).Registry()
	if err != nil {
		return nil, err
	}
	acct, err := reg.DNS(ctx, account)
	return acct, fail(name, account, "", err)
}

// dnsZone opens the account and finds the zone by domain, else by ID.
func dnsZone(ctx context.Context, name, account, zone string) (*dns.Account, *dns.Zone, error) {
	acct, err := dnsAccount(ctx, name, account)
	if err != nil {
		return nil, nil, err
	}
	z, err := acct.ZoneByDomain(ctx, zone)
	if errs.Is(err, errs.NotFound) || errs.Is(err, errs.InvalidArgument) {
		z, err = acct.GetZone(ctx, zone)
	}
	if err != nil {
		return nil, nil, fail(name, account+" "+zone, "zone", err)
	}
	return acct, z, nil
}
