package storage_test

import (
	"testing"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/drivertest"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
)

// plain hides every optional interface and capability of the memory
// driver, so the suite exercises the Account's fallbacks: streamed Copy,
// copy-then-delete Rename, and Unimplemented for conditional writes and
// signed URLs.
type plain struct{ driver.Driver }

func (plain) Capabilities() driver.Capabilities { return driver.Capabilities{} }

func TestConformanceFallbacks(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver {
		return plain{memory.New()}
	}, drivertest.Options{})
}
