package registry

import (
	"cmp"
	"context"
	"slices"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/compute"
	computedriver "github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/dns"
	dnsdriver "github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb"
	lbdriver "github.com/cloudfs/cloudfs/drivers/lb/driver"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	storagedriver "github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// DriverInfo describes one registered driver.
type DriverInfo struct {
	Name    string   // the config's driver = "..." value
	Kind    string   // config.KindStorage, ...
	Summary string   // one line for `cloudfs drivers`
	Caps    []string // capabilities beyond the kind's basic interface
	HTTP    bool     // talks HTTP: gets a client from transport.New

	open opener
}

// opener opens a driver and wraps it in its kind's portable account.
// It returns the account and the function that closes it.
type opener func(ctx context.Context, acct *config.Account, p params.Params) (any, func() error, error)

// Drivers lists every registered driver, by kind (in config.Kinds order),
// then name.
func Drivers() []DriverInfo {
	out := slices.Clone(table)
	slices.SortStableFunc(out, func(a, b DriverInfo) int {
		return cmp.Or(cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// DriverNames maps each kind to its driver names, for config.CheckDrivers.
func DriverNames() map[string][]string {
	return driverNames(table)
}

func driverNames(t []DriverInfo) map[string][]string {
	m := map[string][]string{}
	for _, d := range t {
		m[d.Kind] = append(m[d.Kind], d.Name)
	}
	return m
}

// Validate checks that every account of cfg names a registered driver of
// its kind. The CLI calls it right after config.Load.
func Validate(cfg *config.Config) error {
	return cfg.CheckDrivers(DriverNames())
}

func kindRank(k string) int {
	if i := slices.Index(config.Kinds, k); i >= 0 {
		return i
	}
	return len(config.Kinds)
}

// storageOpener adapts a storage driver's Open. It creates the account's
// configured containers (config "containers") if they are missing.
func storageOpener(open func(context.Context, params.Params) (storagedriver.Driver, error)) opener {
	return func(ctx context.Context, acct *config.Account, p params.Params) (any, func() error, error) {
		d, err := open(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		a := storage.New(acct.Name, d)
		for _, c := range acct.Containers {
			if err := a.CreateContainer(ctx, c); err != nil && !errs.Is(err, errs.AlreadyExists) {
				_ = a.Close()
				return nil, nil, err
			}
		}
		return a, a.Close, nil
	}
}

// computeOpener adapts a compute driver's Open.
func computeOpener(open func(context.Context, params.Params) (computedriver.Driver, error)) opener {
	return func(ctx context.Context, _ *config.Account, p params.Params) (any, func() error, error) {
		d, err := open(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		a := compute.New(d)
		return a, a.Close, nil
	}
}

// dnsOpener adapts a DNS driver's Open.
func dnsOpener(open func(context.Context, params.Params) (dnsdriver.Driver, error)) opener {
	return func(ctx context.Context, _ *config.Account, p params.Params) (any, func() error, error) {
		d, err := open(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		a := dns.New(d)
		return a, a.Close, nil
	}
}

// lbOpener adapts a load-balancer driver's Open.
func lbOpener(open func(context.Context, params.Params) (lbdriver.Driver, error)) opener {
	return func(ctx context.Context, _ *config.Account, p params.Params) (any, func() error, error) {
		d, err := open(ctx, p)
		if err != nil {
			return nil, nil, err
		}
		a := lb.New(d)
		return a, a.Close, nil
	}
}
