// Command s3bench times the S3 driver on one large object: it uploads a
// local file through the portable storage API (the streaming multipart
// writer) or downloads an object to a local file, and prints the seconds
// and MB/s (10^6 bytes). bench/s3.sh runs it beside the AWS CLI and rclone
// against one MinIO; GNU time measures its peak RSS.
//
//	s3bench -endpoint http://127.0.0.1:9000 -bucket b -key k -put FILE
//	s3bench -endpoint http://127.0.0.1:9000 -bucket b -key k -get FILE
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/s3"
	"github.com/cloudfs/cloudfs/transport"
)

func main() {
	endpoint := flag.String("endpoint", "", "S3 endpoint URL (MinIO)")
	bucket := flag.String("bucket", "", "bucket")
	key := flag.String("key", "", "object key")
	put := flag.String("put", "", "upload this file")
	get := flag.String("get", "", "download to this file")
	partSize := flag.String("part-size", "", "part_size option (default: the driver's)")
	conc := flag.String("concurrency", "", "upload_concurrency option (default: the driver's)")
	mkbucket := flag.Bool("mkbucket", false, "create the bucket first")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *endpoint, *bucket, *key, *put, *get, *partSize, *conc, *mkbucket); err != nil {
		fmt.Fprintln(os.Stderr, "s3bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, endpoint, bucket, key, put, get, partSize, conc string, mkbucket bool) error {
	if endpoint == "" || bucket == "" {
		return errors.New("need -endpoint and -bucket")
	}
	opts := map[string]string{
		"provider":           "minio",
		"endpoint":           endpoint,
		"access_key_id":      os.Getenv("AWS_ACCESS_KEY_ID"),
		"secret_access_key":  os.Getenv("AWS_SECRET_ACCESS_KEY"),
		"part_size":          partSize,
		"upload_concurrency": conc,
	}
	hc, err := transport.New(transport.Options{})
	if err != nil {
		return err
	}
	d, err := s3.Open(ctx, params.Params{Account: "bench", Driver: "s3", Options: opts, HTTP: hc})
	if err != nil {
		return err
	}
	a := storage.New("bench", d)
	defer a.Close()
	if mkbucket {
		return a.CreateContainer(ctx, bucket)
	}
	start := time.Now()
	var n int64
	switch {
	case put != "":
		n, err = upload(ctx, a, bucket, key, put)
	case get != "":
		n, err = download(ctx, a, bucket, key, get)
	default:
		return errors.New("need -put or -get")
	}
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Printf("%d bytes in %.2f s: %.1f MB/s\n", n, secs, float64(n)/1e6/secs)
	return nil
}

// upload streams the file through the driver's writer, as cloudfs's own
// copy does: no size hint, 1 MiB writes.
func upload(ctx context.Context, a *storage.Account, bucket, key, file string) (int64, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w, err := a.NewWriter(ctx, bucket, key, &storage.WriterOptions{SizeHint: -1})
	if err != nil {
		return 0, err
	}
	n, err := io.CopyBuffer(struct{ io.Writer }{w}, struct{ io.Reader }{f}, make([]byte, 1<<20))
	if err != nil {
		w.Abort()
		return n, err
	}
	return n, w.Close()
}

// download streams the object into the file with one ranged GET.
func download(ctx context.Context, a *storage.Account, bucket, key, file string) (int64, error) {
	r, err := a.NewReader(ctx, bucket, key, nil)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	f, err := os.Create(file)
	if err != nil {
		return 0, err
	}
	n, err := io.CopyBuffer(struct{ io.Writer }{f}, struct{ io.Reader }{r}, make([]byte, 1<<20))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
