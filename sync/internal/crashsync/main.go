// Command crashsync runs one sync pass from a local tree to a storage
// account (the local driver, or S3), and prints its Result as JSON. The
// crash test in sync/ builds it, kills it with SIGKILL at random moments,
// restarts it, and checks that no partial object ever shows and that the
// last run converges.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
	"github.com/cloudfs/cloudfs/drivers/storage/s3"
	csync "github.com/cloudfs/cloudfs/sync"
)

func main() {
	src := flag.String("src", "", "local source tree")
	root := flag.String("local-root", "", "root of a local storage account")
	endpoint := flag.String("s3-endpoint", "", "S3 endpoint (MinIO); keys from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY")
	container := flag.String("container", "c", "container")
	prefix := flag.String("prefix", "", "key prefix")
	partSize := flag.String("s3-part-size", "", "S3 multipart part size (default: the driver's)")
	bw := flag.Int64("bwlimit", 0, "bytes per second, 0 for no limit")
	transfers := flag.Int("transfers", 4, "files at once")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	var drv driver.Driver
	var err error
	switch {
	case *root != "":
		drv, err = local.NewWithOptions(*root, local.Options{NoSync: true})
	case *endpoint != "":
		drv, err = s3.New(ctx, params.Params{Account: "minio", Driver: "s3", Options: map[string]string{
			"provider": "minio", "endpoint": *endpoint, "region": "us-east-1",
			"access_key_id": os.Getenv("AWS_ACCESS_KEY_ID"), "secret_access_key": os.Getenv("AWS_SECRET_ACCESS_KEY"),
			"part_size": *partSize,
		}})
	default:
		err = fmt.Errorf("need -local-root or -s3-endpoint")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	acct := storage.New("dst", drv)
	s := csync.New(csync.NewLocal(*src, csync.LocalOptions{}), csync.NewStorage(acct, *container, *prefix), csync.Options{
		Transfers: *transfers, Delete: true, BWLimit: csync.NewLimiter(*bw),
	})
	res, err := s.Run(ctx)
	_ = json.NewEncoder(os.Stdout).Encode(res)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
