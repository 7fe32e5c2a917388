// Package memory is an in-memory compute driver for tests: the conformance
// suite, the mount's and the CLI's unit tests run on it. It keeps every
// resource in memory, validates input as a real provider would (taken
// names, unknown sizes or images, malformed keys are errors of the right
// errs kind), moves nodes through their states as a cloud does (pending,
// then running after a few polls or a short delay), and ships a small
// catalogue of sizes, images and locations. It is safe for concurrent use.
package memory

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/params"
)

// Options tunes the simulated life cycle.
type Options struct {
	// SettlePolls is how many observations (GetNode, or a listing that
	// shows the node) a node in transition takes to settle: pending to
	// running, stopping to stopped, and so on. 0 means no poll limit.
	SettlePolls int
	// SettleDelay is how long a transition takes. 0 means no delay limit.
	// A transition ends when either limit is reached; with both 0 it ends
	// at once.
	SettleDelay time.Duration
}

// DefaultOptions settle a node after two polls.
var DefaultOptions = Options{SettlePolls: 2}

// Driver is the in-memory compute driver.
type Driver struct {
	opts Options

	mu       sync.Mutex
	seq      int
	nodes    map[string]*node // by ID
	keys     map[string]driver.KeyPair
	volumes  map[string]*driver.Volume
	snaps    map[string]*driver.VolumeSnapshot
	catalog  catalog
	ipSerial int
}

var (
	_ driver.Driver         = (*Driver)(nil)
	_ driver.StartStopper   = (*Driver)(nil)
	_ driver.ImageGetter    = (*Driver)(nil)
	_ driver.KeyPairManager = (*Driver)(nil)
	_ driver.KeyPairCreator = (*Driver)(nil)
	_ driver.VolumeManager  = (*Driver)(nil)
	_ driver.Snapshotter    = (*Driver)(nil)
)

// New returns an empty account with the built-in catalogue.
func New(opts Options) *Driver {
	return &Driver{
		opts:    opts,
		nodes:   map[string]*node{},
		keys:    map[string]driver.KeyPair{},
		volumes: map[string]*driver.Volume{},
		snaps:   map[string]*driver.VolumeSnapshot{},
		catalog: builtinCatalog(),
	}
}

// Open is the registry's constructor. Options: "settle_polls" (default 2)
// and "settle_delay" (a duration, default 0).
func Open(_ context.Context, p params.Params) (driver.Driver, error) {
	polls, err := p.Int("settle_polls", DefaultOptions.SettlePolls)
	if err != nil {
		return nil, err
	}
	delay, err := p.Duration("settle_delay", DefaultOptions.SettleDelay)
	if err != nil {
		return nil, err
	}
	return New(Options{SettlePolls: polls, SettleDelay: delay}), nil
}

// Capabilities implements driver.Driver.
func (d *Driver) Capabilities() driver.Capabilities {
	return driver.Capabilities{
		SSHKeyAuth:       true,
		PasswordAuth:     true,
		UserData:         true,
		MaxUserDataBytes: maxUserData,
		UniqueNodeNames:  true,
	}
}

// Close implements driver.Driver.
func (d *Driver) Close() error { return nil }

// nextID returns a new ID with the given prefix. d.mu must be held.
func (d *Driver) nextID(prefix string) string {
	d.seq++
	return fmt.Sprintf("%s-%06d", prefix, d.seq)
}

func now() time.Time { return time.Now().UTC().Truncate(time.Second) }

func copyMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
