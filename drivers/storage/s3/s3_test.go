package s3

import (
	"maps"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/drivertest"
	"github.com/cloudfs/cloudfs/drivers/storage/s3/s3test"
	"github.com/cloudfs/cloudfs/transport"
)

// One MinIO serves every test of the package.
func TestMain(m *testing.M) { s3test.Main(m) }

// TestConformance runs the storage suite against MinIO, with S3's smallest
// part size so that multipart uploads happen at a few MiB.
func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver {
		return openMinIO(t, map[string]string{"part_size": "5M"}, transport.Options{})
	}, drivertest.Options{PartSize: MinPartSize, ContainerPrefix: "cfs3"})
}

// openMinIO opens a driver on the shared MinIO with extra options, over a
// transport client built from topts.
func openMinIO(t testing.TB, extra map[string]string, topts transport.Options) *Driver {
	t.Helper()
	srv := s3test.Shared(t)
	opts := srv.Options()
	maps.Copy(opts, extra)
	hc, err := transport.New(topts)
	require.NoError(t, err)
	d, err := New(t.Context(), params.Params{Account: "minio", Driver: "s3", Options: opts, HTTP: hc})
	require.NoError(t, err)
	return d
}
