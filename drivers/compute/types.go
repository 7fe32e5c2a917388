package compute

import "github.com/cloudfs/cloudfs/drivers/compute/driver"

// The portable types are the driver's types, so that a value moves between
// the two layers without copying. See drivers/compute/driver for the
// fields and their JSON form.
type (
	Node           = driver.Node
	NodeState      = driver.NodeState
	Size           = driver.Size
	Image          = driver.Image
	Location       = driver.Location
	KeyPair        = driver.KeyPair
	Volume         = driver.Volume
	VolumeState    = driver.VolumeState
	VolumeSnapshot = driver.VolumeSnapshot
	SnapshotState  = driver.SnapshotState
	NodeSpec       = driver.NodeSpec
	NodeAuth       = driver.NodeAuth
	VolumeSpec     = driver.VolumeSpec
)

// The node states, re-exported.
const (
	NodeRunning       = driver.NodeRunning
	NodeStarting      = driver.NodeStarting
	NodeRebooting     = driver.NodeRebooting
	NodeStopping      = driver.NodeStopping
	NodeStopped       = driver.NodeStopped
	NodeSuspended     = driver.NodeSuspended
	NodePaused        = driver.NodePaused
	NodeTerminated    = driver.NodeTerminated
	NodePending       = driver.NodePending
	NodeMigrating     = driver.NodeMigrating
	NodeReconfiguring = driver.NodeReconfiguring
	NodeError         = driver.NodeError
	NodeUnknown       = driver.NodeUnknown
)

// The volume states, re-exported.
const (
	VolumeAvailable = driver.VolumeAvailable
	VolumeCreating  = driver.VolumeCreating
	VolumeAttaching = driver.VolumeAttaching
	VolumeInUse     = driver.VolumeInUse
	VolumeDetaching = driver.VolumeDetaching
	VolumeDeleting  = driver.VolumeDeleting
	VolumeBackup    = driver.VolumeBackup
	VolumeError     = driver.VolumeError
	VolumeUnknown   = driver.VolumeUnknown
)
