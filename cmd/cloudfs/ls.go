package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

type lsOptions struct {
	Long      bool
	Recursive bool
}

func (o *lsOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVarP(&o.Long, "long", "l", false, "show size, modification time and key")
	fs.BoolVarP(&o.Recursive, "recursive", "R", false, "list everything below, not just one level")
}

func newLsCommand() *cobra.Command {
	opts := &lsOptions{}
	cmd := &cobra.Command{
		Use:   "ls [account:[container[/prefix]] | local-path]",
		Short: "List storage accounts, containers, objects or a local directory",
		Long: `ls lists what a path names. With no argument it lists the storage accounts;
"account:" lists the account's containers; "account:container[/prefix]" lists
one level of objects (prefixes show as "dir/") or, with -R, everything below.
A path without "account:" is a local file or directory.`,
		Args:              rangeArgs(0, 1),
		ValidArgsFunction: completeLocation,
		RunE:              func(cmd *cobra.Command, args []string) error { return runLs(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runLs(ctx context.Context, opts *lsOptions, args []string) error {
	a := appFrom(ctx)
	if len(args) == 0 {
		cfg, err := a.Config()
		if err != nil {
			return err
		}
		for _, name := range cfg.Names(config.KindStorage) {
			fmt.Fprintln(a.stdout, name+":")
		}
		return nil
	}
	loc := parseLocation(args[0])
	if !loc.remote() {
		return lsLocal(a.stdout, opts, loc)
	}
	acct, err := storageAccount(ctx, "ls", loc)
	if err != nil {
		return err
	}
	if loc.Container == "" {
		return lsContainers(ctx, a.stdout, opts, acct, loc)
	}
	kind, attrs, err := statRemote(ctx, "ls", acct, loc)
	switch {
	case err != nil:
		return err
	case kind == remoteObject:
		printEntry(a.stdout, opts.Long, loc.Key, attrs.Size, attrs.ModTime, false)
		return nil
	case kind == remoteMissing:
		return errNoSuch("ls", loc)
	}
	listOpts := &storage.ListOptions{Prefix: loc.dirPrefix()}
	if !opts.Recursive {
		listOpts.Delimiter = "/"
	}
	for obj, err := range acct.List(ctx, loc.Container, listOpts) {
		if err != nil {
			return fail("ls", loc.Raw, "container", err)
		}
		name := strings.TrimPrefix(obj.Key, listOpts.Prefix)
		if name == "" { // the directory's own marker
			continue
		}
		printEntry(a.stdout, opts.Long, name, obj.Size, obj.ModTime, obj.IsPrefix || strings.HasSuffix(name, "/"))
	}
	return nil
}

func lsContainers(ctx context.Context, w io.Writer, opts *lsOptions, acct *storage.Account, loc location) error {
	for c, err := range acct.Containers(ctx) {
		if err != nil {
			return fail("ls", loc.Raw, "", err)
		}
		if opts.Long {
			fmt.Fprintf(w, "%12s  %19s  %s\n", "-", showTime(c.Created), c.Name+"/")
		} else {
			fmt.Fprintln(w, c.Name+"/")
		}
	}
	return nil
}

// printEntry writes one line of a listing; directories end in "/".
func printEntry(w io.Writer, long bool, name string, size int64, mtime time.Time, dir bool) {
	if dir && !strings.HasSuffix(name, "/") {
		name += "/"
	}
	if !long {
		fmt.Fprintln(w, name)
		return
	}
	sz := fmt.Sprint(size)
	if dir {
		sz, mtime = "-", time.Time{}
	}
	fmt.Fprintf(w, "%12s  %19s  %s\n", sz, showTime(mtime), name)
}

func lsLocal(w io.Writer, opts *lsOptions, loc location) error {
	st, err := os.Stat(loc.Local)
	if err != nil {
		return fail("ls", loc.Raw, "", err)
	}
	if !st.IsDir() {
		printEntry(w, opts.Long, loc.Local, st.Size(), st.ModTime(), false)
		return nil
	}
	if !opts.Recursive {
		entries, err := os.ReadDir(loc.Local)
		if err != nil {
			return fail("ls", loc.Raw, "", err)
		}
		for _, e := range entries {
			printLocal(w, opts.Long, e.Name(), e)
		}
		return nil
	}
	err = filepath.WalkDir(loc.Local, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == loc.Local {
			return nil
		}
		rel, _ := filepath.Rel(loc.Local, p)
		printLocal(w, opts.Long, filepath.ToSlash(rel), e)
		return nil
	})
	return fail("ls", loc.Raw, "", err)
}

func printLocal(w io.Writer, long bool, name string, e fs.DirEntry) {
	var size int64
	var mtime time.Time
	if info, err := e.Info(); err == nil {
		size, mtime = info.Size(), info.ModTime()
	}
	printEntry(w, long, name, size, mtime, e.IsDir())
}
