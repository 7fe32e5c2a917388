package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

type rmOptions struct {
	Recursive bool
	Transfers int
}

func (o *rmOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVarP(&o.Recursive, "recursive", "r", false, "delete every object under the prefix (or in the container)")
	fs.IntVar(&o.Transfers, "transfers", 8, "deletes in flight at once")
}

func newRmCommand() *cobra.Command {
	opts := &rmOptions{}
	cmd := &cobra.Command{
		Use:   "rm account:container/key...",
		Short: "Delete objects; with -r, everything under a prefix",
		Long: `rm deletes objects. With -r, "account:container/dir" deletes the object "dir"
if there is one and everything under "dir/"; "account:container" empties the
container (use rmdir to delete it). Local paths are refused: use your shell.`,
		Args:              minArgs(1),
		ValidArgsFunction: completeLocation,
		RunE:              func(cmd *cobra.Command, args []string) error { return runRm(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runRm(ctx context.Context, opts *rmOptions, args []string) error {
	for _, arg := range args {
		loc := parseLocation(arg)
		if !loc.remote() {
			return usagef("rm %s: not an account:container/key path (cloudfs does not delete local files)", arg)
		}
		if err := needContainer("rm", loc); err != nil {
			return err
		}
		acct, err := storageAccount(ctx, "rm", loc)
		if err != nil {
			return err
		}
		if opts.Recursive {
			err = rmTree(ctx, opts, acct, loc)
		} else {
			err = rmOne(ctx, acct, loc)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func rmOne(ctx context.Context, acct *storage.Account, loc location) error {
	if loc.isDirLike() {
		return usagef("rm %s: is a container or directory: use rm -r (or rmdir)", loc.Raw)
	}
	err := acct.Delete(ctx, loc.Container, loc.Key)
	if errs.Is(err, errs.NotFound) {
		if kind, _, serr := statRemote(ctx, "rm", acct, loc); serr != nil {
			return serr
		} else if kind == remoteDir {
			return usagef("rm %s: is a directory: use rm -r", loc.Raw)
		}
	}
	return fail("rm", loc.Raw, "object", err)
}

// rmTree deletes the object at loc.Key (if any) and everything under it,
// a page at a time: each page's deletes run concurrently and finish before
// the next page is fetched, so memory stays bounded.
func rmTree(ctx context.Context, opts *rmOptions, acct *storage.Account, loc location) error {
	if _, err := acct.GetContainer(ctx, loc.Container); err != nil {
		return fail("rm", loc.Raw, "container", err)
	}
	found := 0
	if loc.Key != "" && !strings.HasSuffix(loc.Key, "/") {
		_, err := acct.Stat(ctx, loc.Container, loc.Key)
		switch {
		case err == nil:
			found++
			if err := acct.Delete(ctx, loc.Container, loc.Key); err != nil && !errs.Is(err, errs.NotFound) {
				return fail("rm", loc.Raw, "object", err)
			}
		case !errs.Is(err, errs.NotFound):
			return fail("rm", loc.Raw, "", err)
		}
	}
	lo := &storage.ListOptions{Prefix: loc.dirPrefix()}
	for {
		page, err := acct.ListPage(ctx, loc.Container, lo)
		if err != nil {
			return fail("rm", loc.Raw, "container", err)
		}
		found += len(page.Objects)
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(max(1, opts.Transfers))
		for _, obj := range page.Objects {
			g.Go(func() error {
				err := acct.Delete(gctx, loc.Container, obj.Key)
				if errs.Is(err, errs.NotFound) { // gone already: fine
					return nil
				}
				return fail("rm", loc.Account+":"+loc.Container+"/"+obj.Key, "object", err)
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
		if page.NextPageToken == "" || page.NextPageToken == lo.PageToken {
			break
		}
		lo.PageToken = page.NextPageToken
	}
	if found == 0 && loc.Key != "" {
		return errNoSuch("rm", loc)
	}
	return nil
}
