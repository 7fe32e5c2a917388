package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

type cpOptions struct {
	Recursive bool
	Transfers int
	Quiet     bool
}

func (o *cpOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVarP(&o.Recursive, "recursive", "r", false, "copy a directory, prefix or container and everything below it")
	fs.IntVar(&o.Transfers, "transfers", 4, "files copied at once with -r")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress line")
}

func newCpCommand() *cobra.Command {
	opts := &cpOptions{}
	cmd := &cobra.Command{
		Use:   "cp SRC DST",
		Short: "Copy objects and files: local to remote, remote to local, remote to remote",
		Long: `cp copies one object or file, or with -r a whole directory, prefix or
container. Either side is a local path or account:container/key.

Within one account the copy runs on the provider (server-side) where it can;
between accounts it streams through cloudfs. Uploads keep the file's mtime
and guess the content type from the extension; downloads go to a temp file
that is renamed into place, so an interrupted copy leaves no partial file.

If DST is an existing directory (or a container root, or ends in "/"), the
copy goes inside it under SRC's name, as with cp(1); otherwise DST is the
copy's name. A progress line is drawn on a terminal.`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeLocation,
		RunE:              func(cmd *cobra.Command, args []string) error { return runCp(cmd.Context(), opts, args) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func runCp(ctx context.Context, opts *cpOptions, args []string) error {
	src, err := openEndpoint(ctx, parseLocation(args[0]))
	if err != nil {
		return err
	}
	dst, err := openEndpoint(ctx, parseLocation(args[1]))
	if err != nil {
		return err
	}
	srcDir, size, err := sourceKind(ctx, src)
	if err != nil {
		return err
	}
	dstDir, err := isDir(ctx, dst)
	if err != nil {
		return err
	}
	t := &transfer{prog: newProgress(appFrom(ctx).stderr, opts.Quiet)}
	defer t.prog.stop()
	target := dst
	if dstDir {
		target = dst.join(src.loc.base())
	}
	if srcDir {
		if !opts.Recursive {
			return usagef("cp %s: is a directory (use -r)", src.loc.Raw)
		}
		return copyTree(ctx, t, opts, src, target)
	}
	if err := checkTarget(src, target); err != nil {
		return err
	}
	t.prog.expect(size)
	return t.copyFile(ctx, src, target, size)
}

func openEndpoint(ctx context.Context, loc location) (endpoint, error) {
	if !loc.remote() {
		return endpoint{loc: loc}, nil
	}
	if err := needContainer("cp", loc); err != nil {
		return endpoint{}, err
	}
	acct, err := storageAccount(ctx, "cp", loc)
	return endpoint{loc: loc, acct: acct}, err
}

func (e endpoint) join(rel string) endpoint {
	return endpoint{loc: e.loc.join(rel), acct: e.acct}
}

// sourceKind says whether the source is a directory (else a file), and a
// file's size. A missing source is an error.
func sourceKind(ctx context.Context, src endpoint) (dir bool, size int64, err error) {
	if src.acct == nil {
		st, err := os.Stat(src.loc.Local)
		if err != nil {
			return false, 0, fail("cp", src.loc.Raw, "", err)
		}
		return st.IsDir(), st.Size(), nil
	}
	kind, attrs, err := statRemote(ctx, "cp", src.acct, src.loc)
	switch {
	case err != nil:
		return false, 0, err
	case kind == remoteMissing:
		return false, 0, errNoSuch("cp", src.loc)
	case kind == remoteObject:
		return false, attrs.Size, nil
	}
	return true, 0, nil
}

// isDir says whether DST is a directory the copy goes inside.
func isDir(ctx context.Context, dst endpoint) (bool, error) {
	if dst.loc.isDirLike() {
		return true, nil
	}
	if dst.acct == nil {
		st, err := os.Stat(dst.loc.Local)
		return err == nil && st.IsDir(), nil
	}
	kind, _, err := statRemote(ctx, "cp", dst.acct, dst.loc)
	return kind == remoteDir, err
}

// checkTarget refuses to copy a file onto itself.
func checkTarget(src, dst endpoint) error {
	s, d := src.loc, dst.loc
	same := false
	if s.remote() && d.remote() {
		same = s.Account == d.Account && s.Container == d.Container && s.Key == d.Key
	} else if !s.remote() && !d.remote() {
		a, err1 := os.Stat(s.Local)
		b, err2 := os.Stat(d.Local)
		same = err1 == nil && err2 == nil && os.SameFile(a, b)
	}
	if same {
		return usagef("cp %s %s: source and destination are the same", s.Raw, d.Raw)
	}
	return nil
}

// copyTree copies everything under src to root, transfers at a time. The
// source is walked (a page of keys or a directory at a time) while the
// copies run, so memory stays bounded. The first failure stops the rest.
func copyTree(ctx context.Context, t *transfer, opts *cpOptions, src, root endpoint) error {
	if src.acct != nil && root.acct != nil && root.loc.Account == src.loc.Account &&
		root.loc.Container == src.loc.Container && strings.HasPrefix(root.loc.dirPrefix(), src.loc.dirPrefix()) {
		return usagef("cp %s %s: cannot copy a directory into itself", src.loc.Raw, root.loc.Raw)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, opts.Transfers))
	emit := func(rel string, size int64, dir bool) error {
		if err := gctx.Err(); err != nil {
			return err
		}
		s, d := src.join(rel), root.join(rel)
		if dir {
			switch {
			case d.acct == nil:
				return fail("cp", d.loc.Raw, "", os.MkdirAll(d.loc.Local, 0o755))
			case s.acct == nil:
				return nil // local directories are implied by the keys below them
			}
			// A remote marker object: copy it like any object.
		}
		t.prog.expect(size)
		g.Go(func() error { return t.copyFile(gctx, s, d, size) })
		return nil
	}
	var walkErr error
	if src.acct != nil {
		walkErr = walkRemote(gctx, src, emit)
	} else {
		walkErr = walkLocal(src.loc.Local, emit)
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if walkErr != nil && ctx.Err() == nil {
		return walkErr
	}
	return ctx.Err()
}

// walkRemote calls emit for every object under src, a page at a time.
// Marker objects ("dir/") are emitted as directories.
func walkRemote(ctx context.Context, src endpoint, emit func(rel string, size int64, dir bool) error) error {
	lo := &storage.ListOptions{Prefix: src.loc.dirPrefix()}
	for {
		page, err := src.acct.ListPage(ctx, src.loc.Container, lo)
		if err != nil {
			return fail("cp", src.loc.Raw, "container", err)
		}
		for _, obj := range page.Objects {
			rel := strings.TrimPrefix(obj.Key, lo.Prefix)
			if rel == "" {
				continue // the source directory's own marker
			}
			if err := emit(rel, obj.Size, strings.HasSuffix(rel, "/")); err != nil {
				return err
			}
		}
		if page.NextPageToken == "" || page.NextPageToken == lo.PageToken {
			return nil
		}
		lo.PageToken = page.NextPageToken
	}
}

// walkLocal calls emit for every directory and regular file under root.
func walkLocal(root string, emit func(rel string, size int64, dir bool) error) error {
	return filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return fail("cp", p, "", err)
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			return emit(rel+"/", 0, true)
		}
		info, err := os.Stat(p) // follows symlinks
		if err != nil {
			return fail("cp", p, "", err)
		}
		if !info.Mode().IsRegular() {
			return nil // sockets, devices, fifos
		}
		return emit(rel, info.Size(), false)
	})
}
