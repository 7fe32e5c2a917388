package memory_test

import (
	"testing"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/drivertest"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
)

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver { return memory.New() }, drivertest.Options{})
}
