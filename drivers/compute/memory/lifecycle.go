package memory

import (
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
)

// node is a node with its transition in progress, if any.
type node struct {
	n driver.Node
	// target is the state the node is moving to ("" when settled).
	target    driver.NodeState
	pollsLeft int
	settleAt  time.Time
}

// moveTo puts the node in state now and schedules target.
func (d *Driver) moveTo(n *node, now, target driver.NodeState) {
	n.n.State = now
	n.target = target
	n.pollsLeft = d.opts.SettlePolls
	n.settleAt = time.Now().Add(d.opts.SettleDelay)
	if d.opts.SettlePolls <= 0 && d.opts.SettleDelay <= 0 {
		n.n.State, n.target = target, ""
	}
}

// observe counts one poll of the node and settles its transition when a
// limit is reached. d.mu must be held.
func (d *Driver) observe(n *node) {
	if n.target == "" {
		return
	}
	n.pollsLeft--
	byPolls := d.opts.SettlePolls > 0 && n.pollsLeft <= 0
	byTime := d.opts.SettleDelay > 0 && !time.Now().Before(n.settleAt)
	if byPolls || byTime {
		n.n.State, n.target = n.target, ""
	}
}

// snapshot returns a copy the caller may keep.
func (n *node) snapshot() driver.Node {
	c := n.n
	c.PublicIPs = append([]string(nil), n.n.PublicIPs...)
	c.PrivateIPs = append([]string(nil), n.n.PrivateIPs...)
	c.Extra = copyMap(n.n.Extra)
	return c
}
