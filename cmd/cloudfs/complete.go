package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/registry"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// completeLocation completes the "account:" prefix of a path with the
// configured storage accounts, then container names and one level of
// keys. Anything else falls back to the shell's file completion.
func completeLocation(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	path := ""
	if f := cmd.Flag("config"); f != nil {
		path = f.Value.String()
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, cobra.ShellCompDirectiveDefault
	}
	name, rest, hasColon := strings.Cut(toComplete, ":")
	if !hasColon {
		var out []string
		for _, n := range cfg.Names(config.KindStorage) {
			if strings.HasPrefix(n, toComplete) {
				out = append(out, n+":")
			}
		}
		if len(out) == 0 {
			return nil, cobra.ShellCompDirectiveDefault
		}
		return out, cobra.ShellCompDirectiveNoSpace
	}
	if a := cfg.Accounts[name]; a == nil || a.Kind != config.KindStorage {
		return nil, cobra.ShellCompDirectiveDefault
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), 5*time.Second)
	defer cancel()
	reg := registry.New(cfg)
	defer reg.Close()
	acct, err := reg.Storage(ctx, name)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return completeRemote(ctx, acct, name, rest), cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}

// completeRemote lists containers, or one level of keys under rest's
// directory, as full "account:..." candidates.
func completeRemote(ctx context.Context, acct *storage.Account, name, rest string) []string {
	var out []string
	container, key, hasSlash := strings.Cut(rest, "/")
	if !hasSlash {
		for c, err := range acct.Containers(ctx) {
			if err != nil {
				break
			}
			if strings.HasPrefix(c.Name, container) {
				out = append(out, name+":"+c.Name+"/")
			}
		}
		return out
	}
	dir := key[:strings.LastIndex(key, "/")+1]
	page, err := acct.ListPage(ctx, container, &storage.ListOptions{Prefix: dir, Delimiter: "/", PageSize: 1000})
	if err != nil {
		return nil
	}
	for _, obj := range page.Objects {
		if strings.HasPrefix(obj.Key, key) && obj.Key != dir {
			out = append(out, name+":"+container+"/"+obj.Key)
		}
	}
	return out
}
