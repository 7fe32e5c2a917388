package local_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/drivertest"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
)

func harness(mode string, noSync bool) drivertest.Harness {
	return func(t *testing.T) driver.Driver {
		d, err := local.NewWithOptions(t.TempDir(), local.Options{Metadata: mode, NoSync: noSync})
		require.NoError(t, err)
		return d
	}
}

func TestConformanceXattr(t *testing.T) {
	drivertest.RunConformanceTests(t, harness("xattr", false), drivertest.Options{})
}

func TestConformanceSidecar(t *testing.T) {
	drivertest.RunConformanceTests(t, harness("sidecar", true), drivertest.Options{})
}
