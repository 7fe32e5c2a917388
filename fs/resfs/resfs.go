package resfs

import (
	"context"
	"log/slog"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/fs/fusefs"
)

// Options tune the resource trees. The zero value of a field means its
// default.
type Options struct {
	// UID and GID own every file and folder.
	UID, GID uint32
	// ListTTL is how long a folder listing (nodes, zones, catalogues) is
	// trusted before the provider is asked again (default 5s). Opening a
	// file always reads the provider afresh, and the mount's own changes
	// drop the cached listing at once.
	ListTTL time.Duration
	// MaxFileSize bounds what a JSON or key file may hold (default 1 MiB);
	// a zone's records file may hold 16 times as much. A write past it
	// fails with EFBIG.
	MaxFileSize int
	// Logger receives one line per failed change (default slog.Default()).
	Logger *slog.Logger
}

const (
	defaultListTTL     = 5 * time.Second
	defaultMaxFileSize = 1 << 20
	// maxScratchFiles bounds the scratch files of one folder; one more
	// gives ENOSPC.
	maxScratchFiles = 256
	// errorRing is how many failures an account's .errors file keeps.
	errorRing = 100
)

func (o Options) withDefaults() Options {
	if o.ListTTL <= 0 {
		o.ListTTL = defaultListTTL
	}
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = defaultMaxFileSize
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Accounts are the accounts the trees show, by account name. An account
// in Failed shows as a folder holding only .errors, which says why it
// could not be opened.
type Accounts struct {
	Compute map[string]*compute.Account
	DNS     map[string]*dns.Account
	LB      map[string]*lb.Account
	Failed  map[string]Failure
}

// Failure is an account that could not be opened.
type Failure struct {
	Kind string // "compute", "dns" or "lb"
	Err  error
}

// Source is where Open finds accounts: *registry.Registry.
type Source interface {
	Names(kind string) []string
	Compute(ctx context.Context, name string) (*compute.Account, error)
	DNS(ctx context.Context, name string) (*dns.Account, error)
	LB(ctx context.Context, name string) (*lb.Account, error)
}

// The account kinds, as the config names them.
const (
	kindCompute = "compute"
	kindDNS     = "dns"
	kindLB      = "lb"
)

// Open opens every compute, DNS and load-balancer account of src and
// returns the compute/, dns/ and lb/ trees. An account that fails to
// open is logged and shown with its error in .errors; the mount still
// comes up.
func Open(ctx context.Context, src Source, o Options) []fusefs.Tree {
	o = o.withDefaults()
	acc := Accounts{
		Compute: map[string]*compute.Account{}, DNS: map[string]*dns.Account{},
		LB: map[string]*lb.Account{}, Failed: map[string]Failure{},
	}
	fail := func(kind, name string, err error) {
		o.Logger.Warn("mount: account not available", "kind", kind, "account", name, "err", err)
		acc.Failed[name] = Failure{Kind: kind, Err: err}
	}
	for _, name := range src.Names(kindCompute) {
		if a, err := src.Compute(ctx, name); err != nil {
			fail(kindCompute, name, err)
		} else {
			acc.Compute[name] = a
		}
	}
	for _, name := range src.Names(kindDNS) {
		if a, err := src.DNS(ctx, name); err != nil {
			fail(kindDNS, name, err)
		} else {
			acc.DNS[name] = a
		}
	}
	for _, name := range src.Names(kindLB) {
		if a, err := src.LB(ctx, name); err != nil {
			fail(kindLB, name, err)
		} else {
			acc.LB[name] = a
		}
	}
	return New(acc, o)
}

// New returns the compute/, dns/ and lb/ trees over ready accounts.
func New(acc Accounts, o Options) []fusefs.Tree {
	o = o.withDefaults()
	m := &mount{opts: o, start: time.Now()}
	return []fusefs.Tree{
		{Name: kindCompute, Node: newComputeTree(m, acc)},
		{Name: kindDNS, Node: newDNSTree(m, acc)},
		{Name: kindLB, Node: newLBTree(m, acc)},
	}
}

// mount is what every node of the trees shares.
type mount struct {
	opts  Options
	start time.Time
}
