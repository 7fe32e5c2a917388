package main

import (
	"context"
	"io"
	"sync"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/registry"
)

// app is what every command shares for one run: the standard streams and,
// loaded on first use, the config and the registry of accounts. Commands
// get it with appFrom(ctx):
//
//	reg, err := appFrom(ctx).Registry()
//	acct, err := reg.Storage(ctx, "minio")
//
// execute closes the registry (and so every opened account) at the end.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	opts           rootOptions

	once sync.Once
	cfg  *config.Config
	reg  *registry.Registry
	err  error
	// borrowed: reg was preset by the caller, who closes it.
	borrowed bool
	// stopProfile ends the --cpuprofile profile, if one runs.
	stopProfile func()
}

type appKey struct{}

func withApp(ctx context.Context, a *app) context.Context {
	return context.WithValue(ctx, appKey{}, a)
}

// appFrom returns the run's app, or nil outside a command.
func appFrom(ctx context.Context) *app {
	a, _ := ctx.Value(appKey{}).(*app)
	return a
}

// Config loads and validates the config once (--config, $CLOUDFS_CONFIG
// or the default place).
func (a *app) Config() (*config.Config, error) {
	a.load()
	return a.cfg, a.err
}

// Registry returns the registry over the config.
func (a *app) Registry() (*registry.Registry, error) {
	a.load()
	return a.reg, a.err
}

func (a *app) load() {
	a.once.Do(func() {
		if a.borrowed {
			a.cfg = a.reg.Config()
			return
		}
		cfg, err := config.Load(a.opts.ConfigPath)
		if err == nil {
			err = registry.Validate(cfg)
		}
		if err != nil {
			a.err = err
			return
		}
		a.cfg, a.reg = cfg, registry.New(cfg)
	})
}

func (a *app) close() {
	if a.stopProfile != nil {
		a.stopProfile()
	}
	if a.reg != nil && !a.borrowed {
		_ = a.reg.Close()
	}
}
