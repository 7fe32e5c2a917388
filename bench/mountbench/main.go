// Command mountbench is bench/mount.sh's helper for what a mount cannot
// do by itself: filling a bucket with many small objects, and waiting
// until uploads are durable (a mount with write-back, such as rclone's
// writes mode, returns from close before the object exists).
//
//	mountbench -endpoint URL -bucket B populate PREFIX N SIZE
//	mountbench -endpoint URL -bucket B wait-count PREFIX N
//	mountbench -endpoint URL -bucket B wait-size KEY SIZE
//	mountbench -endpoint URL -bucket B delete PREFIX...
//	mountbench -endpoint URL -bucket B mkbucket
//
// Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/s3"
	"github.com/cloudfs/cloudfs/transport"
	"golang.org/x/sync/errgroup"
)

func main() {
	endpoint := flag.String("endpoint", "", "S3 endpoint URL (MinIO)")
	bucket := flag.String("bucket", "", "bucket")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *endpoint, *bucket, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "mountbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, endpoint, bucket string, args []string) error {
	if endpoint == "" || bucket == "" || len(args) == 0 {
		return errors.New("usage: mountbench -endpoint URL -bucket B populate|wait-count|wait-size|delete|mkbucket ...")
	}
	acct, err := open(ctx, endpoint)
	if err != nil {
		return err
	}
	defer acct.Close()
	switch {
	case args[0] == "mkbucket":
		if err := acct.CreateContainer(ctx, bucket); err != nil && !errs.Is(err, errs.AlreadyExists) {
			return err
		}
		return nil
	case args[0] == "populate" && len(args) == 4:
		return populate(ctx, acct, bucket, args[1], atoi(args[2]), atoi(args[3]))
	case args[0] == "wait-count" && len(args) == 3:
		return waitCount(ctx, acct, bucket, args[1], atoi(args[2]))
	case args[0] == "delete" && len(args) >= 2:
		return deletePrefixes(ctx, acct, bucket, args[1:])
	case args[0] == "wait-size" && len(args) == 3:
		return waitSize(ctx, acct, bucket, args[1], int64(atoi(args[2])))
	}
	return fmt.Errorf("bad arguments %q", strings.Join(args, " "))
}

func open(ctx context.Context, endpoint string) (*storage.Account, error) {
	hc, err := transport.New(transport.Options{})
	if err != nil {
		return nil, err
	}
	d, err := s3.New(ctx, params.Params{Account: "bench", Driver: "s3", HTTP: hc, Options: map[string]string{
		"provider": "minio", "endpoint": endpoint, "region": "us-east-1",
		"access_key_id": os.Getenv("AWS_ACCESS_KEY_ID"), "secret_access_key": os.Getenv("AWS_SECRET_ACCESS_KEY"),
	}})
	if err != nil {
		return nil, err
	}
	return storage.New("bench", d), nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mountbench: not a number:", s)
		os.Exit(2)
	}
	return n
}

// populate writes n objects of size bytes under prefix, 32 at a time.
func populate(ctx context.Context, acct *storage.Account, bucket, prefix string, n, size int) error {
	body := make([]byte, size)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(32)
	for i := range n {
		g.Go(func() error {
			w, err := acct.NewWriter(gctx, bucket, fmt.Sprintf("%sf%06d", prefix, i), &storage.WriterOptions{SizeHint: int64(size)})
			if err != nil {
				return err
			}
			if _, err := w.Write(body); err != nil {
				w.Abort()
				return err
			}
			return w.Close()
		})
	}
	return g.Wait()
}

// deletePrefixes deletes every object under the prefixes, 32 at a time.
func deletePrefixes(ctx context.Context, acct *storage.Account, bucket string, prefixes []string) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(32)
	for _, prefix := range prefixes {
		for o, err := range acct.List(gctx, bucket, &storage.ListOptions{Prefix: prefix}) {
			if err != nil {
				if werr := g.Wait(); werr != nil {
					return werr // the listing failed because a delete did
				}
				return err
			}
			g.Go(func() error { return acct.Delete(gctx, bucket, o.Key) })
		}
	}
	return g.Wait()
}

// waitCount polls until n objects exist under prefix, not counting
// hidden names (rsync's ".name.XXXXXX" temp files).
func waitCount(ctx context.Context, acct *storage.Account, bucket, prefix string, n int) error {
	return poll(ctx, func() (bool, error) {
		count := 0
		for o, err := range acct.List(ctx, bucket, &storage.ListOptions{Prefix: prefix}) {
			if err != nil {
				return false, err
			}
			if !strings.HasPrefix(path.Base(o.Key), ".") {
				count++
			}
		}
		return count >= n, nil
	})
}

// waitSize polls until key exists with size bytes.
func waitSize(ctx context.Context, acct *storage.Account, bucket, key string, size int64) error {
	return poll(ctx, func() (bool, error) {
		a, err := acct.Stat(ctx, bucket, key)
		if errs.Is(err, errs.NotFound) {
			return false, nil
		}
		return err == nil && a.Size == size, err
	})
}

func poll(ctx context.Context, done func() (bool, error)) error {
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		ok, err := done()
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return errors.New("not durable after 10 minutes")
}
