package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cloudfs/cloudfs/config"
)

type accountsOptions struct{ outputOptions }

func newAccountsCommand() *cobra.Command {
	opts := &accountsOptions{}
	cmd := &cobra.Command{
		Use:   "accounts",
		Short: "List the configured accounts (secrets masked)",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runAccounts(cmd.Context(), opts) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

// accountJSON is the --json shape of one account.
type accountJSON struct {
	Name       string            `json:"name"`
	Kind       string            `json:"kind"`
	Driver     string            `json:"driver"`
	Options    map[string]string `json:"options"`
	Containers []string          `json:"containers,omitempty"`
}

func runAccounts(ctx context.Context, opts *accountsOptions) error {
	a := appFrom(ctx)
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	var list []accountJSON
	for _, kind := range config.Kinds {
		for _, name := range cfg.Names(kind) {
			acct := cfg.Accounts[name]
			list = append(list, accountJSON{Name: name, Kind: kind, Driver: acct.Driver, Options: acct.Redacted(), Containers: acct.Containers})
		}
	}
	if opts.JSON {
		if list == nil {
			list = []accountJSON{}
		}
		return printJSON(a.stdout, list)
	}
	fmt.Fprintf(a.stdout, "# config: %s\n", cfg.Source())
	t := newTable(a.stdout, "NAME", "KIND", "DRIVER", "OPTIONS")
	for _, acct := range list {
		t.row(acct.Name, acct.Kind, acct.Driver, formatOptions(acct.Options))
	}
	return t.flush()
}

// formatOptions renders options as "k=v k=v", sorted by key.
func formatOptions(m map[string]string) string {
	if len(m) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, " ")
}
