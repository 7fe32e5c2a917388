package registry

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/transport"
)

// Registry opens the accounts of one config, each at most once, and keeps
// them open until Close. It is safe for concurrent use.
type Registry struct {
	cfg   *config.Config
	table []DriverInfo

	mu     sync.Mutex
	slots  map[string]*slot
	closed bool
}

// slot is one account: opened on first use, under its own lock so that
// opening one slow account does not hold up the others. A failed open is
// not cached: the next call tries again.
type slot struct {
	mu     sync.Mutex
	val    any
	close  func() error
	client *http.Client
}

// New returns a registry over cfg. Nothing is opened until asked for.
func New(cfg *config.Config) *Registry {
	return newWithTable(cfg, table)
}

func newWithTable(cfg *config.Config, t []DriverInfo) *Registry {
	if cfg == nil {
		cfg = &config.Config{}
	}
	return &Registry{cfg: cfg, table: t, slots: map[string]*slot{}}
}

// Config is the config the registry opens accounts from.
func (r *Registry) Config() *config.Config { return r.cfg }

// Names returns the configured accounts of kind ("" for all), sorted.
func (r *Registry) Names(kind string) []string { return r.cfg.Names(kind) }

// Storage returns the storage account called name, opening it on first
// use. An unknown name is errs.NotFound; an account of another kind, or a
// bad driver option, errs.InvalidArgument.
func (r *Registry) Storage(ctx context.Context, name string) (*storage.Account, error) {
	v, err := r.get(ctx, config.KindStorage, name)
	if err != nil {
		return nil, err
	}
	return v.(*storage.Account), nil
}

// Compute returns the compute account called name, opening it on first use.
func (r *Registry) Compute(ctx context.Context, name string) (*compute.Account, error) {
	v, err := r.get(ctx, config.KindCompute, name)
	if err != nil {
		return nil, err
	}
	return v.(*compute.Account), nil
}

// LB returns the load-balancer account called name, opening it on first use.
func (r *Registry) LB(ctx context.Context, name string) (*lb.Account, error) {
	v, err := r.get(ctx, config.KindLB, name)
	if err != nil {
		return nil, err
	}
	return v.(*lb.Account), nil
}

// DNS returns the DNS account called name, opening it on first use.
func (r *Registry) DNS(ctx context.Context, name string) (*dns.Account, error) {
	v, err := r.get(ctx, config.KindDNS, name)
	if err != nil {
		return nil, err
	}
	return v.(*dns.Account), nil
}

// Close closes every open account and its HTTP client's idle connections.
// Later calls fail. The first error is returned; every account is closed.
func (r *Registry) Close() error {
	r.mu.Lock()
	r.closed = true
	slots := r.slots
	r.slots = map[string]*slot{}
	r.mu.Unlock()
	var all []error
	for _, name := range slices.Sorted(maps.Keys(slots)) {
		s := slots[name]
		s.mu.Lock()
		if s.close != nil {
			if err := s.close(); err != nil {
				all = append(all, err)
			}
		}
		if s.client != nil {
			s.client.CloseIdleConnections()
		}
		s.val, s.close, s.client = nil, nil, nil
		s.mu.Unlock()
	}
	return errors.Join(all...)
}

// op is the Op of every error the registry returns; the CLI keeps
// "account NAME:" in front of the reason.
const op = "account"

// get returns the open account of kind called name.
func (r *Registry) get(ctx context.Context, kind, name string) (any, error) {
	acct, err := r.lookup(kind, name)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, errs.Errorf(errs.InvalidArgument, op, name, "the registry is closed")
	}
	s := r.slots[name]
	if s == nil {
		s = &slot{}
		r.slots[name] = s
	}
	r.mu.Unlock()

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.val != nil {
		return s.val, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	val, closeFn, client, err := r.open(ctx, acct)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed { // Close ran while we were opening
		_ = closeFn()
		return nil, errs.Errorf(errs.InvalidArgument, op, name, "the registry is closed")
	}
	s.val, s.close, s.client = val, closeFn, client
	return val, nil
}

// lookup finds the account and checks its kind and driver.
func (r *Registry) lookup(kind, name string) (*config.Account, error) {
	acct := r.cfg.Accounts[name]
	if acct == nil {
		known := r.cfg.Names(kind)
		list := "none"
		if len(known) > 0 {
			list = strings.Join(known, ", ")
		}
		return nil, errs.Errorf(errs.NotFound, op, name, "no such %s account in %s (%s accounts: %s)", kind, r.cfg.Source(), kind, list)
	}
	if acct.Kind != kind {
		return nil, errs.Errorf(errs.InvalidArgument, op, name, "is a %s account, not %s", acct.Kind, kind)
	}
	if err := config.CheckDriver(r.cfg.Source(), acct, driverNames(r.table)); err != nil {
		return nil, err
	}
	return acct, nil
}

// open builds the HTTP client and the params, and calls the driver.
func (r *Registry) open(ctx context.Context, acct *config.Account) (any, func() error, *http.Client, error) {
	info := r.find(acct.Kind, acct.Driver)
	p := params.Params{
		Account: acct.Name,
		Driver:  acct.Driver,
		Options: acct.Options,
		DataDir: filepath.Join(config.DataDir(), "accounts", acct.Name),
	}
	if info.HTTP {
		c, err := transport.New(transport.Merge(r.cfg.Transport, acct.Transport))
		if err != nil {
			return nil, nil, nil, classify(err, acct.Name, "transport")
		}
		p.HTTP = c
	}
	val, closeFn, err := info.open(ctx, acct, p)
	if err != nil {
		if p.HTTP != nil {
			p.HTTP.CloseIdleConnections()
		}
		return nil, nil, nil, classify(err, acct.Name, "")
	}
	return val, closeFn, p.HTTP, nil
}

func (r *Registry) find(kind, name string) *DriverInfo {
	for i := range r.table {
		if r.table[i].Kind == kind && r.table[i].Name == name {
			return &r.table[i]
		}
	}
	return nil // lookup has checked
}

// classify puts "account NAME" in front of an open error, keeping its
// kind; an unclassified one (a bad option) counts as InvalidArgument.
func classify(err error, account, what string) error {
	kind := errs.KindOf(err)
	if kind == errs.Unknown {
		kind = errs.InvalidArgument
	}
	if what != "" {
		err = fmt.Errorf("%s: %w", what, err)
	}
	return errs.E(kind, op, account, err)
}
