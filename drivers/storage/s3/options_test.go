package s3

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
)

func TestProviderPresets(t *testing.T) {
	for _, tc := range []struct {
		opts      map[string]string
		endpoint  string
		region    string
		pathStyle bool
		cond      bool
	}{
		{map[string]string{}, "", "us-east-1", false, true},
		{map[string]string{"region": "eu-west-1"}, "", "eu-west-1", false, true},
		{map[string]string{"provider": "aws", "force_path_style": "true"}, "", "us-east-1", true, true},
		{map[string]string{"endpoint": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000", "us-east-1", true, false},
		{map[string]string{"provider": "minio", "endpoint": "http://127.0.0.1:9000/"}, "http://127.0.0.1:9000", "us-east-1", true, true},
		{map[string]string{"provider": "ceph", "endpoint": "rgw.example.com"}, "https://rgw.example.com", "us-east-1", true, false},
		{map[string]string{"provider": "r2", "account_id": "abc123"}, "https://abc123.r2.cloudflarestorage.com", "auto", true, true},
		{map[string]string{"provider": "digitalocean", "region": "nyc3"}, "https://nyc3.digitaloceanspaces.com", "nyc3", false, false},
		{map[string]string{"provider": "wasabi"}, "https://s3.us-east-1.wasabisys.com", "us-east-1", false, false},
		{map[string]string{"provider": "wasabi", "region": "eu-central-1"}, "https://s3.eu-central-1.wasabisys.com", "eu-central-1", false, false},
		{map[string]string{"provider": "b2", "region": "us-west-004"}, "https://s3.us-west-004.backblazeb2.com", "us-west-004", false, false},
		{map[string]string{"provider": "scaleway", "region": "nl-ams"}, "https://s3.nl-ams.scw.cloud", "nl-ams", false, false},
		{map[string]string{"provider": "scaleway"}, "https://s3.fr-par.scw.cloud", "fr-par", false, false},
		{map[string]string{"provider": "b2", "region": "x", "endpoint": "https://custom.example"}, "https://custom.example", "x", false, false},
		{map[string]string{"provider": "minio", "endpoint": "http://h:1", "conditional_writes": "false"}, "http://h:1", "us-east-1", true, false},
	} {
		c, err := parseConfig(params.Params{Account: "a", Driver: "s3", Options: tc.opts})
		require.NoError(t, err, "%v", tc.opts)
		assert.Equal(t, tc.endpoint, c.endpoint, "%v", tc.opts)
		assert.Equal(t, tc.region, c.region, "%v", tc.opts)
		assert.Equal(t, tc.pathStyle, c.pathStyle, "%v", tc.opts)
		assert.Equal(t, tc.cond, c.conditionalWrites, "%v", tc.opts)
	}
}

func TestOptionErrors(t *testing.T) {
	for _, opts := range []map[string]string{
		{"provider": "nosuch"},
		{"provider": "minio"},        // no endpoint
		{"provider": "r2"},           // no account_id
		{"provider": "digitalocean"}, // no region
		{"provider": "b2"},
		{"endpoint": "ftp://x"},
		{"access_key_id": "AK"}, // without the secret
		{"part_size": "1M"},
		{"part_size": "6G"},
		{"part_size": "lots"},
		{"upload_concurrency": "0"},
		{"upload_concurrency": "1000"},
		{"copy_cutoff": "10G"},
		{"force_path_style": "maybe"},
		{"checksum": "sha1"},
	} {
		_, err := parseConfig(params.Params{Account: "a", Driver: "s3", Options: opts})
		assert.True(t, errs.Is(err, errs.InvalidArgument), "%v: %v", opts, err)
	}
	_, err := parseConfig(params.Params{Account: "acct", Driver: "s3", Options: map[string]string{"provider": "r2"}})
	assert.ErrorContains(t, err, `option "account_id"`)
	_, err = parseConfig(params.Params{Account: "acct", Driver: "s3", Options: map[string]string{"checksum": "sha1"}})
	assert.ErrorContains(t, err, "md5, crc32c", "names the known checksums")
}

func TestDefaults(t *testing.T) {
	c, err := parseConfig(params.Params{Options: map[string]string{}})
	require.NoError(t, err)
	assert.Equal(t, int64(16<<20), c.partSize)
	assert.Equal(t, 4, c.concurrency)
	assert.Equal(t, int64(5<<30), c.copyCutoff)
	c, err = parseConfig(params.Params{Options: map[string]string{"part_size": "64M", "upload_concurrency": "8", "copy_cutoff": "100M"}})
	require.NoError(t, err)
	assert.Equal(t, int64(64<<20), c.partSize)
	assert.Equal(t, 8, c.concurrency)
	assert.Equal(t, int64(100<<20), c.copyCutoff)
}

func TestChecksumOption(t *testing.T) {
	for _, tc := range []struct {
		opts map[string]string
		want checksum
	}{
		{map[string]string{}, checksumCRC32C}, // aws
		{map[string]string{"provider": "minio", "endpoint": "http://h:1"}, checksumCRC32C},
		{map[string]string{"provider": "ceph", "endpoint": "http://h:1"}, checksumMD5},
		{map[string]string{"endpoint": "http://h:1"}, checksumMD5}, // other
		{map[string]string{"provider": "minio", "endpoint": "http://h:1", "checksum": "MD5"}, checksumMD5},
		{map[string]string{"provider": "ceph", "endpoint": "http://h:1", "checksum": "crc32c"}, checksumCRC32C},
	} {
		c, err := parseConfig(params.Params{Account: "a", Driver: "s3", Options: tc.opts})
		require.NoError(t, err)
		assert.Equal(t, tc.want, c.checksum, "%v", tc.opts)
	}
}
