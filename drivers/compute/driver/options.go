package driver

// Capabilities are facts a driver declares once. Which optional interfaces
// it implements is discovered by the portable type and not repeated here.
type Capabilities struct {
	// SSHKeyAuth: NodeAuth.SSHKey and NodeAuth.KeyName are honoured.
	SSHKeyAuth bool
	// PasswordAuth: NodeAuth.Password is honoured.
	PasswordAuth bool
	// UserData: NodeSpec.UserData is passed to the node (cloud-init).
	UserData bool
	// MaxUserDataBytes bounds NodeSpec.UserData (0: no limit).
	MaxUserDataBytes int
	// UniqueNodeNames: the provider refuses a second node with a taken
	// name, so a name identifies a node.
	UniqueNodeNames bool
}

// ListOptions selects a page of a listing.
type ListOptions struct {
	PageToken string // "" for the first page
	PageSize  int    // 0 for the driver's default
}

// NodePage is one page of nodes.
type NodePage struct {
	Nodes         []Node
	NextPageToken string // "" after the last page
}

// NodeSpec describes a node to create.
type NodeSpec struct {
	Name     string
	Size     string // a Size.ID, required
	Image    string // an Image.ID, required
	Location string // a Location.ID; "" for the provider's default
	Auth     NodeAuth
	// UserData is handed to the node at boot (cloud-init).
	UserData string
	// Extra holds provider-specific options (an EC2 subnet, a libvirt
	// network, ...). A driver ignores keys it does not know.
	Extra map[string]string
}

// NodeAuth is how the first login to a new node is authorised. At most one
// of SSHKey and KeyName may be set; Password may be set with either.
type NodeAuth struct {
	SSHKey   string // an authorized_keys line to install
	KeyName  string // the name of a KeyPair the provider already has
	Password string // a root or admin password
}

// VolumeSpec describes a volume to create.
type VolumeSpec struct {
	Name     string
	SizeGB   int
	Location string // "" for the provider's default
	// SnapshotID, if set, makes the volume from a snapshot; SizeGB may
	// then be 0 for the snapshot's size.
	SnapshotID string
	Extra      map[string]string
}
