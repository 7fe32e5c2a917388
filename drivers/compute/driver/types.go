package driver

import "time"

// The types below are what users see as JSON files in the mount
// (compute/<account>/nodes/<name>.json and friends). Their JSON keys are
// snake_case and come out in field order; maps (Extra) come out with sorted
// keys, so a value marshals to the same bytes every time. Empty lists and
// maps are omitted, and times are RFC 3339 in UTC, so a value round-trips
// through JSON unchanged once drivers follow the rules on each field.

// NodeState is the portable life-cycle state of a node, modelled on
// libcloud's NodeState.
type NodeState string

// The node states. Drivers map every provider state to one of these and
// keep the provider's own word in Node.Extra["provider_state"] if useful.
const (
	NodeRunning       NodeState = "running"
	NodeStarting      NodeState = "starting"
	NodeRebooting     NodeState = "rebooting"
	NodeStopping      NodeState = "stopping"
	NodeStopped       NodeState = "stopped"
	NodeSuspended     NodeState = "suspended"
	NodePaused        NodeState = "paused"
	NodeTerminated    NodeState = "terminated"
	NodePending       NodeState = "pending"
	NodeMigrating     NodeState = "migrating"
	NodeReconfiguring NodeState = "reconfiguring"
	NodeError         NodeState = "error"
	NodeUnknown       NodeState = "unknown"
)

// NodeStates lists every NodeState in a stable order.
var NodeStates = []NodeState{
	NodeRunning, NodeStarting, NodeRebooting, NodeStopping, NodeStopped,
	NodeSuspended, NodePaused, NodeTerminated, NodePending, NodeMigrating,
	NodeReconfiguring, NodeError, NodeUnknown,
}

// Valid reports whether s is one of the defined states.
func (s NodeState) Valid() bool {
	for _, v := range NodeStates {
		if s == v {
			return true
		}
	}
	return false
}

// Node is a virtual machine (libcloud's Node).
type Node struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	State      NodeState `json:"state"`
	PublicIPs  []string  `json:"public_ips,omitempty"`
	PrivateIPs []string  `json:"private_ips,omitempty"`
	Size       string    `json:"size,omitempty"`     // a Size.ID
	Image      string    `json:"image,omitempty"`    // an Image.ID
	Location   string    `json:"location,omitempty"` // a Location.ID
	// CreatedAt is in UTC; drivers drop the monotonic clock reading.
	CreatedAt time.Time `json:"created_at,omitzero"`
	// Extra holds provider-specific facts, as strings so that they
	// round-trip through JSON exactly.
	Extra map[string]string `json:"extra,omitempty"`
}

// Size is a machine type: what a node of that type gets, and its price.
type Size struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	RAMMB  int     `json:"ram_mb"`
	DiskGB int     `json:"disk_gb"`
	VCPUs  int     `json:"vcpus"`
	Price  float64 `json:"price"` // per hour, in the provider's currency; 0 if unknown
	// BandwidthGB is the included traffic per month (0: unknown or unmetered).
	BandwidthGB int               `json:"bandwidth_gb,omitempty"`
	Extra       map[string]string `json:"extra,omitempty"`
}

// Image is an operating-system image nodes boot from.
type Image struct {
	ID    string            `json:"id"`
	Name  string            `json:"name"`
	Extra map[string]string `json:"extra,omitempty"`
}

// Location is a region or zone that nodes and volumes live in.
type Location struct {
	ID      string            `json:"id"`
	Name    string            `json:"name"`
	Country string            `json:"country,omitempty"` // ISO 3166 code where known
	Extra   map[string]string `json:"extra,omitempty"`
}

// KeyPair is an SSH key pair registered with the provider.
type KeyPair struct {
	Name        string `json:"name"`
	PublicKey   string `json:"public_key"`  // authorized_keys format
	Fingerprint string `json:"fingerprint"` // OpenSSH "SHA256:..." unless the provider has its own
	// PrivateKey is set only by CreateKeyPair, once: providers never show
	// it again.
	PrivateKey string            `json:"private_key,omitempty"`
	Extra      map[string]string `json:"extra,omitempty"`
}

// VolumeState is the portable state of a block volume (libcloud's
// StorageVolumeState).
type VolumeState string

// The volume states.
const (
	VolumeAvailable VolumeState = "available"
	VolumeCreating  VolumeState = "creating"
	VolumeAttaching VolumeState = "attaching"
	VolumeInUse     VolumeState = "inuse"
	VolumeDetaching VolumeState = "detaching"
	VolumeDeleting  VolumeState = "deleting"
	VolumeBackup    VolumeState = "backup"
	VolumeError     VolumeState = "error"
	VolumeUnknown   VolumeState = "unknown"
)

// Volume is a block storage volume.
type Volume struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	SizeGB   int         `json:"size_gb"`
	State    VolumeState `json:"state"`
	Location string      `json:"location,omitempty"`
	// NodeID is the node the volume is attached to ("" if detached) and
	// Device the device name it has there.
	NodeID    string            `json:"node_id,omitempty"`
	Device    string            `json:"device,omitempty"`
	CreatedAt time.Time         `json:"created_at,omitzero"`
	Extra     map[string]string `json:"extra,omitempty"`
}

// SnapshotState is the state of a volume snapshot.
type SnapshotState string

// The snapshot states.
const (
	SnapshotAvailable SnapshotState = "available"
	SnapshotCreating  SnapshotState = "creating"
	SnapshotError     SnapshotState = "error"
	SnapshotUnknown   SnapshotState = "unknown"
)

// VolumeSnapshot is a point-in-time copy of a volume.
type VolumeSnapshot struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	VolumeID  string            `json:"volume_id"`
	SizeGB    int               `json:"size_gb"`
	State     SnapshotState     `json:"state"`
	CreatedAt time.Time         `json:"created_at,omitzero"`
	Extra     map[string]string `json:"extra,omitempty"`
}
