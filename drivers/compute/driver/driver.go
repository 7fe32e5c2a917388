// Package driver defines the interfaces a compute provider implements. It
// is used by provider packages (drivers/compute/memory, and later libvirt,
// EC2, ...) and by the portable API in drivers/compute, which is what
// everyone else (the mount, the CLI) calls.
//
// Drivers stay small: the portable type checks arguments, validates a
// node spec against the catalogue, wraps errors with the operation and
// resource and discovers the optional interfaces once. Every error a
// driver returns must be classified with drivers/errs.
//
// Nodes, volumes and snapshots are addressed by the provider's ID; key
// pairs by name (as every provider does).
package driver

import "context"

// Driver is one configured compute account. The methods here are the part
// every provider has; the rest are optional interfaces below.
type Driver interface {
	// ListNodes returns one page of nodes in a stable order (by name where
	// the provider allows, else the provider's). An empty PageToken starts
	// at the beginning; NextPageToken is "" after the last page. Destroyed
	// nodes may be listed in state terminated for a while.
	ListNodes(ctx context.Context, opts *ListOptions) (*NodePage, error)
	// GetNode must return errs.NotFound for an unknown ID.
	GetNode(ctx context.Context, id string) (*Node, error)
	// CreateNode starts creating a node and returns it, usually in state
	// pending. It must return errs.AlreadyExists if a node of that name
	// exists (for providers that keep names unique), errs.InvalidArgument
	// for an unknown size, image, location or key pair or a malformed
	// spec, and must create nothing when it fails.
	CreateNode(ctx context.Context, spec *NodeSpec) (*Node, error)
	// RebootNode must return errs.NotFound for an unknown ID and
	// errs.PreconditionFailed if the node is not running.
	RebootNode(ctx context.Context, id string) error
	// DestroyNode must return errs.NotFound for an unknown ID. Attached
	// volumes are detached, not destroyed.
	DestroyNode(ctx context.Context, id string) error

	// ListSizes, ListImages and ListLocations return the catalogue. A
	// non-empty location restricts sizes and images to that location;
	// an unknown location must give errs.InvalidArgument.
	ListSizes(ctx context.Context, location string) ([]Size, error)
	ListImages(ctx context.Context, location string) ([]Image, error)
	ListLocations(ctx context.Context) ([]Location, error)

	// Capabilities reports what the driver supports beyond the methods
	// above and the optional interfaces it implements.
	Capabilities() Capabilities
	// Close releases the driver's resources.
	Close() error
}

// StartStopper is implemented by drivers whose nodes can be stopped and
// started again without being destroyed.
type StartStopper interface {
	// StartNode starts a stopped node. Starting a running or starting node
	// is a no-op. errs.NotFound for an unknown ID.
	StartNode(ctx context.Context, id string) error
	// StopNode stops a running node. Stopping a stopped or stopping node is
	// a no-op. errs.NotFound for an unknown ID.
	StopNode(ctx context.Context, id string) error
}

// ImageGetter is implemented by drivers that can look one image up
// without listing them all (providers with thousands of public images).
type ImageGetter interface {
	// GetImage must return errs.NotFound for an unknown image.
	GetImage(ctx context.Context, id string) (*Image, error)
}

// KeyPairManager is implemented by drivers that keep SSH key pairs.
type KeyPairManager interface {
	// ListKeyPairs returns the key pairs in name order, without private
	// keys.
	ListKeyPairs(ctx context.Context) ([]KeyPair, error)
	// GetKeyPair must return errs.NotFound for an unknown name.
	GetKeyPair(ctx context.Context, name string) (*KeyPair, error)
	// ImportKeyPair registers a public key (authorized_keys format). It
	// must return errs.AlreadyExists for a taken name and
	// errs.InvalidArgument for a key it cannot parse.
	ImportKeyPair(ctx context.Context, name, publicKey string) (*KeyPair, error)
	// DeleteKeyPair must return errs.NotFound for an unknown name.
	DeleteKeyPair(ctx context.Context, name string) error
}

// KeyPairCreator is implemented by drivers whose provider generates key
// pairs itself.
type KeyPairCreator interface {
	// CreateKeyPair makes a new key pair and returns it with its private
	// key. errs.AlreadyExists for a taken name.
	CreateKeyPair(ctx context.Context, name string) (*KeyPair, error)
}

// VolumeManager is implemented by drivers with block volumes.
type VolumeManager interface {
	// ListVolumes returns every volume, in name order where possible.
	ListVolumes(ctx context.Context) ([]Volume, error)
	// GetVolume must return errs.NotFound for an unknown ID.
	GetVolume(ctx context.Context, id string) (*Volume, error)
	// CreateVolume must return errs.InvalidArgument for a bad size, an
	// unknown location or snapshot, and errs.AlreadyExists for a taken
	// name where the provider keeps names unique.
	CreateVolume(ctx context.Context, spec *VolumeSpec) (*Volume, error)
	// AttachVolume attaches a volume to a node (device "" lets the
	// provider choose). errs.NotFound for an unknown volume or node,
	// errs.PreconditionFailed if the volume is attached already,
	// errs.InvalidArgument if they are in different locations.
	AttachVolume(ctx context.Context, volumeID, nodeID, device string) error
	// DetachVolume must return errs.NotFound for an unknown volume and
	// errs.PreconditionFailed if it is not attached.
	DetachVolume(ctx context.Context, volumeID string) error
	// DestroyVolume must return errs.NotFound for an unknown volume and
	// errs.PreconditionFailed if it is still attached.
	DestroyVolume(ctx context.Context, volumeID string) error
}

// Snapshotter is implemented by drivers that snapshot volumes.
type Snapshotter interface {
	// ListSnapshots returns the snapshots of one volume, oldest first.
	// errs.NotFound for an unknown volume.
	ListSnapshots(ctx context.Context, volumeID string) ([]VolumeSnapshot, error)
	// CreateSnapshot must return errs.NotFound for an unknown volume.
	CreateSnapshot(ctx context.Context, volumeID, name string) (*VolumeSnapshot, error)
	// DeleteSnapshot must return errs.NotFound for an unknown snapshot.
	DeleteSnapshot(ctx context.Context, snapshotID string) error
}
