package registry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/cloudfs/cloudfs/transport"
)

func TestDriversTable(t *testing.T) {
	ds := Drivers()
	require.NotEmpty(t, ds)
	seen := map[string]bool{}
	for i, d := range ds {
		key := d.Kind + "/" + d.Name
		assert.False(t, seen[key], "%s registered twice", key)
		seen[key] = true
		assert.Contains(t, config.Kinds, d.Kind, key)
		assert.NotEmpty(t, d.Summary, key)
		assert.NotNil(t, d.open, key)
		if i > 0 {
			prev := ds[i-1]
			assert.True(t, kindRank(prev.Kind) < kindRank(d.Kind) || (prev.Kind == d.Kind && prev.Name < d.Name), "order: %s before %s", prev.Name, d.Name)
		}
	}
	names := DriverNames()
	assert.Contains(t, names[config.KindStorage], "memory")
	assert.Contains(t, names[config.KindCompute], "memory")
}

// TestCapsMatchFeatures opens every driver that needs no network and
// checks that what `cloudfs drivers` says is what the driver does.
func TestCapsMatchFeatures(t *testing.T) {
	for _, d := range Drivers() {
		if d.HTTP {
			continue
		}
		t.Run(d.Kind+"/"+d.Name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", t.TempDir())
			acct := &config.Account{Name: "probe", Kind: d.Kind, Driver: d.Name, Options: map[string]string{}}
			val, closeFn, err := d.open(t.Context(), acct, params.Params{Account: "probe", Driver: d.Name, Options: acct.Options, DataDir: t.TempDir()})
			require.NoError(t, err)
			defer closeFn()
			assert.ElementsMatch(t, capsOf(val), d.Caps)
		})
	}
}

func capsOf(v any) []string {
	var out []string
	add := func(ok bool, s string) {
		if ok {
			out = append(out, s)
		}
	}
	switch a := v.(type) {
	case *storage.Account:
		f := a.Features()
		add(f.ServerSideCopy, "server-side copy")
		add(f.NativeRename, "native rename")
		add(f.Multipart, "multipart")
		add(f.ConditionalWrite, "conditional write")
		add(f.ConditionalRead, "conditional read")
		add(f.SignedURL, "signed URL")
		add(f.MetadataMtime, "mtime")
		add(f.ListUploads, "list uploads")
	case *compute.Account:
		f := a.Features()
		add(f.StartStop, "start/stop")
		add(f.ImageLookup, "image lookup")
		add(f.KeyPairs, "key pairs")
		add(f.CreateKeyPair, "create key pair")
		add(f.Volumes, "volumes")
		add(f.Snapshots, "snapshots")
		add(f.SSHKeyAuth, "ssh key auth")
		add(f.PasswordAuth, "password auth")
		add(f.UserData, "user data")
		add(f.UniqueNodeNames, "unique names")
	case *dns.Account:
		f := a.Features()
		add(f.SlaveZones, "slave zones")
		add(f.ProviderOwnsApexNS, "provider owns apex NS")
		add(f.AtomicImport, "atomic import")
	case *lb.Account:
		f := a.Features()
		add(f.Weights, "weights")
		add(f.MemberConditions, "member conditions")
		add(f.UniqueNames, "unique names")
		add(f.UpdateMember, "update member")
	default:
		panic("capsOf: add the new kind")
	}
	return out
}

func testConfig(accts ...*config.Account) *config.Config {
	cfg := &config.Config{Path: "/test/config.toml", Accounts: map[string]*config.Account{}}
	for _, a := range accts {
		if a.Options == nil {
			a.Options = map[string]string{}
		}
		cfg.Accounts[a.Name] = a
	}
	return cfg
}

func TestStorageOpensOnceAndCreatesContainers(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	r := New(testConfig(&config.Account{Name: "mem", Kind: config.KindStorage, Driver: "memory", Containers: []string{"demo", "two"}}))
	defer r.Close()
	a, err := r.Storage(t.Context(), "mem")
	require.NoError(t, err)
	assert.Equal(t, "mem", a.Name())
	b, err := r.Storage(t.Context(), "mem")
	require.NoError(t, err)
	assert.Same(t, a, b, "cached")
	var got []string
	for c, err := range a.Containers(t.Context()) {
		require.NoError(t, err)
		got = append(got, c.Name)
	}
	assert.Equal(t, []string{"demo", "two"}, got)
}

func TestCompute(t *testing.T) {
	r := New(testConfig(&config.Account{Name: "lab", Kind: config.KindCompute, Driver: "memory"}))
	defer r.Close()
	c, err := r.Compute(t.Context(), "lab")
	require.NoError(t, err)
	sizes, err := c.ListSizes(t.Context(), "")
	require.NoError(t, err)
	assert.NotEmpty(t, sizes)
}

func TestDNS(t *testing.T) {
	r := New(testConfig(&config.Account{Name: "z", Kind: config.KindDNS, Driver: "memory"}))
	defer r.Close()
	d, err := r.DNS(t.Context(), "z")
	require.NoError(t, err)
	zones, err := d.ListZones(t.Context())
	require.NoError(t, err)
	assert.Empty(t, zones)
	_, err = r.Storage(t.Context(), "z")
	assert.True(t, errs.Is(err, errs.InvalidArgument))
}

func TestLB(t *testing.T) {
	r := New(testConfig(&config.Account{Name: "l", Kind: config.KindLB, Driver: "memory"}))
	defer r.Close()
	l, err := r.LB(t.Context(), "l")
	require.NoError(t, err)
	protos, err := l.ListProtocols(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, protos)
}

func TestLookupErrors(t *testing.T) {
	cfg := testConfig(
		&config.Account{Name: "mem", Kind: config.KindStorage, Driver: "memory"},
		&config.Account{Name: "other", Kind: config.KindStorage, Driver: "memory"},
		&config.Account{Name: "lab", Kind: config.KindCompute, Driver: "memory"},
		&config.Account{Name: "bad", Kind: config.KindStorage, Driver: "nosuch"},
		&config.Account{Name: "crossed", Kind: config.KindStorage, Driver: "probe-compute"},
	)
	tbl := append(slices.Clone(table), DriverInfo{Name: "probe-compute", Kind: config.KindCompute, Summary: "x", open: computeOpener(nil)})
	r := newWithTable(cfg, tbl)
	defer r.Close()
	for _, tc := range []struct {
		name string
		kind errs.Kind
		want []string
	}{
		{"nope", errs.NotFound, []string{"account nope", "no such storage account", "/test/config.toml", "bad, crossed, mem, other"}},
		{"lab", errs.InvalidArgument, []string{"account lab", "is a compute account, not storage"}},
		{"bad", errs.InvalidArgument, []string{"accounts.bad.driver", `"nosuch"`}},
		{"crossed", errs.InvalidArgument, []string{"accounts.crossed.driver", "compute driver"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Storage(t.Context(), tc.name)
			require.Error(t, err)
			assert.Equal(t, tc.kind, errs.KindOf(err), "%v", err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	_, err := r.Compute(t.Context(), "mem")
	assert.True(t, errs.Is(err, errs.InvalidArgument), "%v", err)
}

func TestValidate(t *testing.T) {
	require.NoError(t, Validate(testConfig(&config.Account{Name: "m", Kind: config.KindStorage, Driver: "memory"})))
	err := Validate(testConfig(&config.Account{Name: "m", Kind: config.KindStorage, Driver: "nosuch"}))
	assert.True(t, errs.Is(err, errs.InvalidArgument))
	assert.ErrorContains(t, err, "accounts.m.driver")
	require.NoError(t, Validate(config.Default()), "the embedded default must only use registered drivers")
}

// probe is a fake HTTP storage driver that records what it was given.
type probe struct {
	opens  atomic.Int32
	closes atomic.Int32
	fail   atomic.Int32 // fail this many opens first
	mu     sync.Mutex
	got    params.Params
}

func (p *probe) info() DriverInfo {
	return DriverInfo{Name: "probe", Kind: config.KindStorage, HTTP: true, Summary: "probe",
		open: func(ctx context.Context, acct *config.Account, pp params.Params) (any, func() error, error) {
			if p.fail.Add(-1) >= 0 {
				return nil, nil, errors.New("provider said no")
			}
			p.opens.Add(1)
			p.mu.Lock()
			p.got = pp
			p.mu.Unlock()
			return storageAccountStub(acct.Name), func() error { p.closes.Add(1); return nil }, nil
		}}
}

func storageAccountStub(name string) *storage.Account { return storage.New(name, memory.New()) }

func TestOpenParamsAndTransport(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
	}))
	defer srv.Close()

	p := &probe{}
	cfg := testConfig(
		&config.Account{Name: "a", Kind: config.KindStorage, Driver: "probe", Options: map[string]string{"endpoint": srv.URL}},
		&config.Account{Name: "b", Kind: config.KindStorage, Driver: "probe", Transport: transport.Options{UserAgent: "account-ua"}},
	)
	cfg.Transport.UserAgent = "global-ua"
	r := newWithTable(cfg, []DriverInfo{p.info()})
	defer r.Close()

	for _, tc := range []struct{ name, wantUA string }{{"a", "global-ua"}, {"b", "account-ua"}} {
		_, err := r.Storage(t.Context(), tc.name)
		require.NoError(t, err)
		p.mu.Lock()
		got := p.got
		p.mu.Unlock()
		assert.Equal(t, tc.name, got.Account)
		assert.Equal(t, "probe", got.Driver)
		assert.Equal(t, filepath.Join(data, "cloudfs", "accounts", tc.name), got.DataDir)
		require.NotNil(t, got.HTTP, "an HTTP driver gets a client")
		resp, err := got.HTTP.Get(srv.URL)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, tc.wantUA, ua.Load(), "transport options are merged global then account")
	}
}

func TestBadTransportIsInvalidArgument(t *testing.T) {
	p := &probe{}
	cfg := testConfig(&config.Account{Name: "a", Kind: config.KindStorage, Driver: "probe",
		Transport: transport.Options{CAFile: filepath.Join(t.TempDir(), "missing.pem")}})
	r := newWithTable(cfg, []DriverInfo{p.info()})
	defer r.Close()
	_, err := r.Storage(t.Context(), "a")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a")
	assert.Zero(t, p.opens.Load())
}

func TestConcurrentOpenOnce(t *testing.T) {
	p := &probe{}
	r := newWithTable(testConfig(&config.Account{Name: "a", Kind: config.KindStorage, Driver: "probe"}), []DriverInfo{p.info()})
	var wg sync.WaitGroup
	accts := make([]*storage.Account, 32)
	for i := range accts {
		wg.Go(func() {
			a, err := r.Storage(t.Context(), "a")
			assert.NoError(t, err)
			accts[i] = a
		})
	}
	wg.Wait()
	assert.EqualValues(t, 1, p.opens.Load())
	for _, a := range accts {
		assert.Same(t, accts[0], a)
	}
	require.NoError(t, r.Close())
	assert.EqualValues(t, 1, p.closes.Load())
	_, err := r.Storage(t.Context(), "a")
	assert.ErrorContains(t, err, "closed")
	require.NoError(t, r.Close(), "Close twice is fine")
	assert.EqualValues(t, 1, p.closes.Load())
}

func TestFailedOpenIsRetried(t *testing.T) {
	p := &probe{}
	p.fail.Store(1)
	r := newWithTable(testConfig(&config.Account{Name: "a", Kind: config.KindStorage, Driver: "probe"}), []DriverInfo{p.info()})
	defer r.Close()
	_, err := r.Storage(t.Context(), "a")
	require.Error(t, err)
	assert.ErrorContains(t, err, "provider said no")
	assert.ErrorContains(t, err, "a")
	_, err = r.Storage(t.Context(), "a")
	require.NoError(t, err)
}

func TestCanceledContext(t *testing.T) {
	r := New(testConfig(&config.Account{Name: "mem", Kind: config.KindStorage, Driver: "memory"}))
	defer r.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := r.Storage(ctx, "mem")
	assert.True(t, errs.Is(err, errs.Canceled), "%v", err)
}
