package driver

// Capabilities are facts a driver declares once.
type Capabilities struct {
	// Weights: member weights are honoured.
	Weights bool
	// MemberConditions: members can be attached disabled or draining.
	MemberConditions bool
	// UniqueNames: the provider refuses a second balancer of one name.
	UniqueNames bool
}

// ListOptions selects a page of a listing.
type ListOptions struct {
	PageToken string // "" for the first page
	PageSize  int    // 0 for the driver's default
}

// BalancerPage is one page of balancers.
type BalancerPage struct {
	Balancers     []Balancer
	NextPageToken string // "" after the last page
}

// BalancerSpec describes a balancer to create.
type BalancerSpec struct {
	Name      string
	Port      int
	Protocol  Protocol
	Algorithm Algorithm // "" for the provider's default (round robin)
	Members   []MemberSpec
	Extra     map[string]string
}

// BalancerUpdate changes a balancer; nil fields stay as they are.
type BalancerUpdate struct {
	Name      *string
	Port      *int
	Protocol  *Protocol
	Algorithm *Algorithm
}

// MemberSpec describes a member to attach.
type MemberSpec struct {
	IP        string
	Port      int
	Weight    int             // 0 for the default
	Condition MemberCondition // "" means enabled
	Extra     map[string]string
}

// MemberUpdate changes a member; nil fields stay as they are.
type MemberUpdate struct {
	Weight    *int
	Condition *MemberCondition
}
