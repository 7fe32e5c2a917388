package config

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

const one = "[accounts.x]\nkind = 'storage'\ndriver = 'local'\nroot = '/tmp/x'\n"

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		name    string
		file    bool   // write one at the default place
		env     string // CLOUDFS_CONFIG: "file", "missing" or ""
		arg     string // Load's argument: "file", "missing" or ""
		want    string // account expected, or "" for an error
		notFind bool
	}{
		{name: "default missing gives embedded", want: "local"},
		{name: "default present", file: true, want: "x"},
		{name: "explicit path", arg: "file", want: "x"},
		{name: "explicit missing", arg: "missing", notFind: true},
		{name: "env path", env: "file", want: "x"},
		{name: "env missing", env: "missing", notFind: true},
		{name: "argument beats env", env: "missing", arg: "file", want: "x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "cfg"))
			t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
			t.Setenv(EnvConfig, "")
			other := filepath.Join(t.TempDir(), "other.toml")
			require.NoError(t, os.WriteFile(other, []byte(one), 0o600))
			missing := filepath.Join(home, "nope.toml")
			pick := map[string]string{"file": other, "missing": missing, "": ""}
			if tc.file {
				require.NoError(t, os.MkdirAll(filepath.Dir(DefaultPath()), 0o700))
				require.NoError(t, os.WriteFile(DefaultPath(), []byte(one), 0o600))
			}
			t.Setenv(EnvConfig, pick[tc.env])
			cfg, err := Load(pick[tc.arg])
			if tc.notFind {
				require.Error(t, err)
				assert.True(t, errs.Is(err, errs.NotFound))
				assert.Contains(t, err.Error(), "nope.toml")
				return
			}
			require.NoError(t, err)
			assert.Contains(t, cfg.Accounts, tc.want)
		})
	}
}

func TestLoadInvalidIsInvalidArgument(t *testing.T) {
	p := writeFile(t, t.TempDir(), "[accounts.a]\nkind='nope'\ndriver='x'\n", 0o600)
	_, err := Load(p)
	require.Error(t, err)
	assert.True(t, errs.Is(err, errs.InvalidArgument))
	assert.Contains(t, err.Error(), p)
}

func TestDefault(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	cfg := Default()
	assert.Equal(t, "", cfg.Path)
	assert.Equal(t, "the embedded default", cfg.Source())
	l := cfg.Accounts["local"]
	require.NotNil(t, l)
	assert.Equal(t, KindStorage, l.Kind)
	assert.Equal(t, "local", l.Driver)
	assert.Equal(t, "/data/cloudfs/storage", l.Options["root"])
	assert.Equal(t, []string{"demo"}, l.Containers)
	lab := cfg.Accounts["lab"]
	require.NotNil(t, lab)
	assert.Equal(t, KindCompute, lab.Kind)
	assert.Equal(t, "memory", lab.Driver)
	lb := cfg.Accounts["lab-lb"]
	require.NotNil(t, lb)
	assert.Equal(t, KindLB, lb.Kind)
	z := cfg.Accounts["zones"]
	require.NotNil(t, z)
	assert.Equal(t, KindDNS, z.Kind)
	assert.Equal(t, "zonefile", z.Driver)
	assert.Equal(t, "/data/cloudfs/zones", z.Options["dir"])
	for name, a := range cfg.Accounts {
		assert.Equal(t, name, a.Name)
		assert.Contains(t, Kinds, a.Kind)
	}
}

func TestWorldReadableWarning(t *testing.T) {
	secret := "[accounts.a]\nkind='storage'\ndriver='s3'\nsecret_access_key='x'\n"
	fromEnv := "[accounts.a]\nkind='storage'\ndriver='s3'\nsecret_access_key_env='HOME'\n"
	for _, tc := range []struct {
		name, text string
		mode       os.FileMode
		warn       bool
	}{
		{"secret world-readable", secret, 0o644, true},
		{"secret private", secret, 0o600, false},
		{"secret group-readable", secret, 0o640, false},
		{"no secret in file", fromEnv, 0o644, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			old := slog.Default()
			slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
			defer slog.SetDefault(old)
			p := writeFile(t, t.TempDir(), tc.text, tc.mode)
			_, err := Load(p)
			require.NoError(t, err)
			if !tc.warn {
				assert.Empty(t, buf.String())
				return
			}
			assert.Contains(t, buf.String(), "level=WARN")
			assert.Contains(t, buf.String(), p)
			assert.Contains(t, buf.String(), "chmod 600")
			assert.NotContains(t, buf.String(), "secret_access_key='x'")
		})
	}
}
