package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/transport"
)

const example = `
[transport]
follow_redirects = true
connect_timeout = "5s"

[accounts.minio]
kind = "storage"
driver = "s3"
endpoint = "http://127.0.0.1:9000"
access_key_id = "${TEST_MINIO_USER}"
secret_access_key_env = "TEST_MINIO_PASS"
part_size = 8388608
path_style = true
ratio = 0.5
containers = ["a", "b"]

[accounts.minio.transport]
proxy = "http://127.0.0.1:3128"
debug = true

[accounts.Lab]
kind = "compute"
driver = "memory"
Region = "eu"
`

func TestParseExample(t *testing.T) {
	t.Setenv("TEST_MINIO_USER", "minioadmin")
	t.Setenv("TEST_MINIO_PASS", "hunter2")
	cfg, secrets, err := Parse("/etc/x.toml", []byte(example))
	require.NoError(t, err)
	assert.False(t, secrets, "the secret comes from the environment, not the file")
	assert.Equal(t, "/etc/x.toml", cfg.Path)
	require.NotNil(t, cfg.Transport.FollowRedirects)
	assert.True(t, *cfg.Transport.FollowRedirects)
	assert.Equal(t, transport.Duration(5*time.Second), cfg.Transport.ConnectTimeout)

	m := cfg.Accounts["minio"]
	require.NotNil(t, m)
	assert.Equal(t, "minio", m.Name)
	assert.Equal(t, KindStorage, m.Kind)
	assert.Equal(t, "s3", m.Driver)
	assert.Equal(t, map[string]string{
		"endpoint":          "http://127.0.0.1:9000",
		"access_key_id":     "minioadmin",
		"secret_access_key": "hunter2",
		"part_size":         "8388608",
		"path_style":        "true",
		"ratio":             "0.5",
	}, m.Options)
	assert.Equal(t, []string{"a", "b"}, m.Containers)
	assert.Equal(t, "http://127.0.0.1:3128", m.Transport.Proxy)
	assert.True(t, m.Transport.Debug)

	lab := cfg.Accounts["Lab"]
	require.NotNil(t, lab)
	assert.Equal(t, map[string]string{"region": "eu"}, lab.Options, "keys are lower-cased")
	assert.Equal(t, []string{"Lab", "minio"}, cfg.Names(""))
	assert.Equal(t, []string{"Lab"}, cfg.Names(KindCompute))
}

func TestParseLiteralSecret(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"literal", "[accounts.a]\nkind='storage'\ndriver='s3'\nsecret_access_key='x'\n", true},
		{"from ${VAR}", "[accounts.a]\nkind='storage'\ndriver='s3'\nsecret_access_key='${TEST_SECRET}'\n", false},
		{"via _env", "[accounts.a]\nkind='storage'\ndriver='s3'\nsecret_access_key_env='TEST_SECRET'\n", false},
		{"no secret", "[accounts.a]\nkind='storage'\ndriver='s3'\nendpoint='http://x'\n", false},
		{"empty secret", "[accounts.a]\nkind='storage'\ndriver='s3'\npassword=''\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TEST_SECRET", "s")
			_, secrets, err := Parse("f", []byte(tc.text))
			require.NoError(t, err)
			assert.Equal(t, tc.want, secrets)
		})
	}
}

func TestParseErrors(t *testing.T) {
	const ok = "kind = 'storage'\ndriver = 's3'\n"
	for _, tc := range []struct {
		name, text string
		want       []string // substrings of the message
	}{
		{"unknown kind", "[accounts.a]\nkind = 'blob'\ndriver = 's3'\n", []string{"accounts.a.kind", `"blob"`}},
		{"missing kind", "[accounts.a]\ndriver = 's3'\n", []string{"accounts.a.kind", "missing"}},
		{"missing driver", "[accounts.a]\nkind = 'dns'\n", []string{"accounts.a.driver", "missing"}},
		{"kind not a string", "[accounts.a]\nkind = 3\ndriver = 's3'\n", []string{"accounts.a.kind", "want a string"}},
		{"undefined ${VAR}", "[accounts.a]\n" + ok + "endpoint = 'http://${TEST_UNSET_VAR}/'\n", []string{"accounts.a.endpoint", "TEST_UNSET_VAR is not set"}},
		{"undefined _env", "[accounts.a]\n" + ok + "secret_env = 'TEST_UNSET_VAR'\n", []string{"accounts.a.secret_env", "TEST_UNSET_VAR is not set"}},
		{"undefined in driver", "[accounts.a]\nkind = 'storage'\ndriver = '${TEST_UNSET_VAR}'\n", []string{"accounts.a.driver", "TEST_UNSET_VAR"}},
		{"unclosed ${", "[accounts.a]\n" + ok + "x = '${HOME'\n", []string{"accounts.a.x", "unclosed"}},
		{"_env conflict", "[accounts.a]\n" + ok + "secret = 'x'\nsecret_env = 'HOME'\n", []string{"accounts.a.secret_env", "conflicts"}},
		{"duplicate case", "[accounts.a]\n" + ok + "Region = 'x'\nregion = 'y'\n", []string{"accounts.a.region", "twice"}},
		{"list value", "[accounts.a]\n" + ok + "hosts = ['x']\n", []string{"accounts.a.hosts", "list"}},
		{"table value", "[accounts.a]\n" + ok + "[accounts.a.extra]\nx = 1\n", []string{"accounts.a.extra", "table"}},
		{"bad name", "[accounts.'a:b']\n" + ok, []string{`accounts."a:b"`, "bad account name"}},
		{"containers on dns", "[accounts.a]\nkind = 'dns'\ndriver = 'zonefile'\ncontainers = ['x']\n", []string{"accounts.a.containers"}},
		{"bad container", "[accounts.a]\n" + ok + "containers = ['x/y']\n", []string{"accounts.a.containers", "x/y"}},
		{"containers not a list", "[accounts.a]\n" + ok + "containers = 'x'\n", []string{"accounts.a.containers"}},
		{"unknown section", "[storage]\nx = 1\n", []string{"unknown key", "storage"}},
		{"unknown transport key", "[transport]\nproxyy = 'x'\n", []string{"unknown key", "transport.proxyy"}},
		{"unknown account transport key", "[accounts.a]\n" + ok + "[accounts.a.transport]\nfollow = true\n", []string{"unknown key", "accounts.a.transport.follow"}},
		{"bad duration", "[transport]\nconnect_timeout = 'soon'\n", []string{"soon"}},
		{"bad account duration", "[accounts.a]\n" + ok + "[accounts.a.transport]\nconnect_timeout = 'soon'\n", []string{"accounts.a.transport", "soon"}},
		{"undefined in transport", "[transport]\nproxy = '${TEST_UNSET_VAR}'\n", []string{"transport", "proxy", "TEST_UNSET_VAR"}},
		{"syntax", "[accounts.a\n", []string{"line 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse("/cfg.toml", []byte(tc.text))
			require.Error(t, err)
			assert.True(t, errs.Is(err, errs.InvalidArgument), "kind of %v", err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Contains(t, err.Error(), "/cfg.toml")
		})
	}
}

func TestCheckDrivers(t *testing.T) {
	drivers := map[string][]string{KindStorage: {"s3", "local", "memory"}, KindCompute: {"memory", "libvirt"}}
	for _, tc := range []struct {
		name, kind, driver string
		want               []string // nil: no error
	}{
		{"ok", KindStorage, "s3", nil},
		{"same name, other kind", KindCompute, "memory", nil},
		{"unknown", KindStorage, "s4", []string{"accounts.acct.driver", `"s4"`, "local, memory, s3"}},
		{"wrong kind", KindStorage, "libvirt", []string{"accounts.acct.driver", "compute driver", "local, memory, s3"}},
		{"none of kind", KindDNS, "bind", []string{"accounts.acct.driver", "none yet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &Config{Path: "/c.toml", Accounts: map[string]*Account{
				"acct": {Name: "acct", Kind: tc.kind, Driver: tc.driver},
			}}
			err := cfg.CheckDrivers(drivers)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, errs.Is(err, errs.InvalidArgument))
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	t.Setenv("TEST_A", "alpha")
	t.Setenv("TEST_EMPTY", "")
	for _, tc := range []struct{ in, want, err string }{
		{"plain", "plain", ""},
		{"${TEST_A}", "alpha", ""},
		{"x-${TEST_A}-${TEST_A}", "x-alpha-alpha", ""},
		{"[${TEST_EMPTY}]", "[]", ""},
		{"$$HOME", "$HOME", ""},
		{"cost $5", "cost $5", ""},
		{"end$", "end$", ""},
		{"${TEST_NOPE}", "", "TEST_NOPE is not set"},
		{"${}", "", "empty"},
		{"${TEST_A", "", "unclosed"},
	} {
		got, err := expand(tc.in)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.in)
			continue
		}
		assert.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"minio": true, "aws-prod": true, "a.b_c": true, "A1": true,
		"": false, "-x": false, ".x": false, "a:b": false, "a/b": false, "a b": false,
	} {
		assert.Equal(t, want, ValidName(name), name)
	}
}

func TestPaths(t *testing.T) {
	t.Setenv("HOME", "/home/u")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_DATA_HOME", "")
	assert.Equal(t, "/home/u/.config/cloudfs/config.toml", DefaultPath())
	assert.Equal(t, "/home/u/.local/share/cloudfs", DataDir())
	t.Setenv("XDG_CONFIG_HOME", "/xc")
	t.Setenv("XDG_DATA_HOME", "/xd")
	assert.Equal(t, "/xc/cloudfs/config.toml", DefaultPath())
	assert.Equal(t, "/xd/cloudfs", DataDir())
	t.Setenv("XDG_DATA_HOME", "relative") // the XDG spec says to ignore it
	assert.Equal(t, "/home/u/.local/share/cloudfs", DataDir())
}

func writeFile(t *testing.T, dir, text string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, "config.toml")
	require.NoError(t, os.WriteFile(p, []byte(text), mode))
	require.NoError(t, os.Chmod(p, mode))
	return p
}
