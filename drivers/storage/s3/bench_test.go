package s3

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/transport"
)

// The per-request cost of small objects on the shared MinIO: what a mount's
// rsync of small files and a sync's first push pay per file.
//
//	go test -run '^$' -bench Small -benchtime 500x ./drivers/storage/s3

func benchBucket(b *testing.B) (*Driver, string) {
	d := openMinIO(b, nil, transport.Options{})
	bucket := fmt.Sprintf("bench-%d", b.N)
	_ = d.CreateContainer(b.Context(), bucket)
	return d, bucket
}

func putSmall(b *testing.B, d *Driver, bucket, key string, data []byte) {
	w, err := d.NewWriter(b.Context(), bucket, key, &driver.WriterOptions{SizeHint: int64(len(data))})
	require.NoError(b, err)
	_, err = w.Write(data)
	require.NoError(b, err)
	require.NoError(b, w.Close())
}

func BenchmarkSmallPut(b *testing.B) {
	d, bucket := benchBucket(b)
	data := bytes.Repeat([]byte("x"), 4096)
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		putSmall(b, d, bucket, fmt.Sprintf("put/%d", i), data)
		i++
	}
}

func BenchmarkSmallCopy(b *testing.B) {
	d, bucket := benchBucket(b)
	putSmall(b, d, bucket, "src", bytes.Repeat([]byte("x"), 4096))
	i := 0
	for b.Loop() {
		require.NoError(b, d.Copy(b.Context(), bucket, fmt.Sprintf("copy/%d", i), bucket, "src", &driver.CopyOptions{}))
		i++
	}
}

func BenchmarkSmallStat(b *testing.B) {
	d, bucket := benchBucket(b)
	putSmall(b, d, bucket, "src", bytes.Repeat([]byte("x"), 4096))
	for b.Loop() {
		_, err := d.Stat(b.Context(), bucket, "src")
		require.NoError(b, err)
	}
}
