package driver

// The types below are what users see as JSON files in the mount
// (lb/<account>/balancers/<name>.json). Keys are snake_case in field
// order, Extra's keys come out sorted and empty lists are omitted, so a
// value marshals to the same bytes every time and round-trips.

// Protocol is what a balancer listens for, lower case ("http", "tcp").
type Protocol string

// Common protocols. Providers may list others.
const (
	HTTP  Protocol = "http"
	HTTPS Protocol = "https"
	TCP   Protocol = "tcp"
	SSL   Protocol = "ssl"
	UDP   Protocol = "udp"
)

// Algorithm is how a balancer picks a member (libcloud's Algorithm).
type Algorithm string

// The algorithms.
const (
	Random                   Algorithm = "random"
	RoundRobin               Algorithm = "round_robin"
	LeastConnections         Algorithm = "least_connections"
	WeightedRoundRobin       Algorithm = "weighted_round_robin"
	WeightedLeastConnections Algorithm = "weighted_least_connections"
	ShortestResponse         Algorithm = "shortest_response"
	SourceIP                 Algorithm = "source_ip" // libcloud's PERSISTENT_IP
	URIHash                  Algorithm = "uri_hash"
)

// Algorithms lists every Algorithm.
var Algorithms = []Algorithm{
	Random, RoundRobin, LeastConnections, WeightedRoundRobin,
	WeightedLeastConnections, ShortestResponse, SourceIP, URIHash,
}

// Weighted reports whether the algorithm uses member weights.
func (a Algorithm) Weighted() bool {
	return a == WeightedRoundRobin || a == WeightedLeastConnections
}

// BalancerState is the portable state of a balancer.
type BalancerState string

// The balancer states (libcloud's State).
const (
	BalancerRunning BalancerState = "running"
	BalancerPending BalancerState = "pending"
	BalancerError   BalancerState = "error"
	BalancerDeleted BalancerState = "deleted"
	BalancerUnknown BalancerState = "unknown"
)

// MemberCondition is whether a member takes traffic.
type MemberCondition string

// The member conditions.
const (
	MemberEnabled  MemberCondition = "enabled"  // takes new connections
	MemberDisabled MemberCondition = "disabled" // takes none
	MemberDraining MemberCondition = "draining" // keeps existing connections, takes no new ones
)

// Valid reports whether c is a defined condition.
func (c MemberCondition) Valid() bool {
	return c == MemberEnabled || c == MemberDisabled || c == MemberDraining
}

// Balancer is a load balancer with its members.
type Balancer struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	State     BalancerState     `json:"state"`
	IP        string            `json:"ip,omitempty"` // the address clients connect to
	Port      int               `json:"port"`
	Protocol  Protocol          `json:"protocol"`
	Algorithm Algorithm         `json:"algorithm"`
	Members   []Member          `json:"members,omitempty"`
	Extra     map[string]string `json:"extra,omitempty"`
}

// Member is a backend that a balancer sends traffic to.
type Member struct {
	ID        string            `json:"id"`
	IP        string            `json:"ip"`
	Port      int               `json:"port"`
	Weight    int               `json:"weight,omitempty"` // 0: the provider's default
	Condition MemberCondition   `json:"condition"`
	Extra     map[string]string `json:"extra,omitempty"`
}
