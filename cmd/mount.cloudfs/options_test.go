package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTranslate(t *testing.T) {
	for _, tc := range []struct {
		argv []string
		want []string
	}{
		{[]string{"cloudfs", "/mnt"}, []string{"mount", "--daemon", "/mnt"}},
		{[]string{"/etc/cloudfs.toml", "/mnt", "-o", "rw,allow_other,uid=1000,gid=100,_netdev,x-systemd.automount"},
			[]string{"--config", "/etc/cloudfs.toml", "mount", "--daemon", "--allow-other", "--uid", "1000", "--gid", "100", "/mnt"}},
		{[]string{"default", "/mnt", "-oro,cache_max_size=2G,log_level=debug", "-n"},
			[]string{"--log-level", "debug", "mount", "--daemon", "--read-only", "--cache-max-size", "2G", "/mnt"}},
		{[]string{"-t", "cloudfs", "none", "/m", "-o", "dir_cache_time=10s,read_ahead_max=32M,umask=077"},
			[]string{"mount", "--daemon", "--dir-cache-time", "10s", "--read-ahead-max", "32M", "--umask", "077", "/m"}},
		{[]string{"cloudfs", "/mnt", "-o", "direct_io"}, []string{"mount", "--daemon", "--direct-io", "/mnt"}},
		{[]string{"cloudfs", "/mnt", "-o", "write_back"}, []string{"mount", "--daemon", "--write-back", "/mnt"}},
	} {
		got, err := translate(tc.argv)
		require.NoError(t, err, "%v", tc.argv)
		assert.Equal(t, tc.want, got, "%v", tc.argv)
	}
}

func TestTranslateRejects(t *testing.T) {
	for _, argv := range [][]string{
		{"/mnt"},
		{"a", "b", "c"},
		{"src", "/mnt", "-o", "frobnicate"},
		{"src", "/mnt", "-o", "uid"},
		{"src", "/mnt", "--weird"},
	} {
		_, err := translate(argv)
		assert.Error(t, err, "%v", argv)
	}
}
