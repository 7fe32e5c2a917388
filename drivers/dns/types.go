package dns

import (
	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/dns/zonefmt"
)

// The portable types are the driver's, so values move between the layers
// without copying. See drivers/dns/driver for the fields and their JSON
// form.
type (
	Zone       = driver.Zone
	ZoneType   = driver.ZoneType
	ZoneSpec   = driver.ZoneSpec
	ZoneUpdate = driver.ZoneUpdate
	Record     = driver.Record
	RecordType = driver.RecordType
	RecordSpec = driver.RecordSpec
	// Plan is the set of changes an import makes; String prints it.
	Plan = zonefmt.Plan
	// Update is one changed record in a Plan.
	Update = zonefmt.Update
)

// The zone types, re-exported.
const (
	ZoneMaster = driver.ZoneMaster
	ZoneSlave  = driver.ZoneSlave
)
