package s3

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/s3/s3test"
)

// Cross-checks with independent clients on the same MinIO: Debian's AWS
// CLI and rclone (scripts/setup.sh installs both). Objects written by one
// side are read by the other with their content, content type, metadata
// and mtime (rclone's X-Amz-Meta-Mtime).

// debianTool returns /usr/bin/name, failing the test if it is missing (a
// pyenv shim earlier in PATH is not Debian's tool).
func debianTool(t *testing.T, name string) string {
	t.Helper()
	p := "/usr/bin/" + name
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is not installed: run scripts/setup.sh (it installs Debian's %s)", p, name)
	}
	return p
}

// cleanEnv is the environment without AWS_* and RCLONE_* variables.
func cleanEnv(t *testing.T) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "RCLONE_") {
			env = append(env, kv)
		}
	}
	dir := t.TempDir()
	return append(env, "AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"), "AWS_PAGER=", "TZ=UTC")
}

// awsCLI runs the AWS CLI against srv and returns its standard output.
func awsCLI(t *testing.T, srv *s3test.Server, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), debianTool(t, "aws"), append(args, "--endpoint-url", srv.Endpoint)...)
	cmd.Env = append(cleanEnv(t), srv.Env()...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "aws %s: %s", strings.Join(args, " "), stderr.String())
	return out
}

// rclone runs rclone with a remote "m:" on srv (configured through the
// environment, with AWS_CA_BUNDLE unset as rclone needs).
func rclone(t *testing.T, srv *s3test.Server, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), debianTool(t, "rclone"), args...)
	cmd.Env = append(cleanEnv(t),
		"RCLONE_CONFIG="+filepath.Join(t.TempDir(), "rclone.conf"),
		"RCLONE_CONFIG_M_TYPE=s3", "RCLONE_CONFIG_M_PROVIDER=Minio", "RCLONE_CONFIG_M_ENV_AUTH=false",
		"RCLONE_CONFIG_M_ACCESS_KEY_ID="+srv.AccessKey, "RCLONE_CONFIG_M_SECRET_ACCESS_KEY="+srv.SecretKey,
		"RCLONE_CONFIG_M_ENDPOINT="+srv.Endpoint, "RCLONE_CONFIG_M_REGION="+srv.Region)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "rclone %s: %s", strings.Join(args, " "), stderr.String())
	return out
}

// TestAWSCLIReadsOurObjects: what cloudfs writes (single PUT and
// multipart), the AWS CLI reads back: bytes, content type, metadata.
func TestAWSCLIReadsOurObjects(t *testing.T) {
	srv := s3test.Shared(t)
	a, _, bucket := testAccount(t, nil, nil)
	mtime := time.Unix(1607616000, 500000000)
	for _, tc := range []struct {
		key  string
		size int
	}{{"small.txt", 1234}, {"dir/multipart.bin", MinPartSize*2 + 7}} {
		data := randomBytes(t, tc.size)
		w, err := a.NewWriter(t.Context(), bucket, tc.key, &storage.WriterOptions{
			PartSize: MinPartSize, SizeHint: -1, ContentType: "application/x-cloudfs",
			Metadata: map[string]string{"color": "blue", "Project": "cloudfs"}, ModTime: mtime,
		})
		require.NoError(t, err)
		require.NoError(t, writeAll(w, data))
		require.NoError(t, w.Close())

		var head struct {
			ContentLength int64
			ContentType   string
			Metadata      map[string]string
		}
		require.NoError(t, json.Unmarshal(awsCLI(t, srv, "s3api", "head-object", "--bucket", bucket, "--key", tc.key), &head))
		assert.Equal(t, int64(tc.size), head.ContentLength)
		assert.Equal(t, "application/x-cloudfs", head.ContentType)
		assert.Equal(t, map[string]string{"color": "blue", "project": "cloudfs", "mtime": "1607616000.5"}, head.Metadata)
		got := awsCLI(t, srv, "s3", "cp", "s3://"+bucket+"/"+tc.key, "-")
		assert.True(t, bytes.Equal(data, got), "%s: the AWS CLI read other bytes", tc.key)
	}
}

// TestWeReadAWSCLIObjects: what the AWS CLI writes (with --metadata
// mtime=... and --content-type; the large file goes multipart), cloudfs
// reads with its metadata, content type and mtime.
func TestWeReadAWSCLIObjects(t *testing.T) {
	srv := s3test.Shared(t)
	a, _, bucket := testAccount(t, nil, nil)
	for _, tc := range []struct {
		key  string
		size int
	}{{"cli-small.txt", 4321}, {"cli/large.bin", 20 << 20}} {
		data := randomBytes(t, tc.size)
		file := filepath.Join(t.TempDir(), "upload")
		require.NoError(t, os.WriteFile(file, data, 0o644))
		awsCLI(t, srv, "s3", "cp", file, "s3://"+bucket+"/"+tc.key,
			"--metadata", "mtime=1600000000.25,origin=aws-cli", "--content-type", "text/x-from-cli")

		st, err := a.Stat(t.Context(), bucket, tc.key)
		require.NoError(t, err)
		assert.Equal(t, int64(tc.size), st.Size)
		assert.Equal(t, "text/x-from-cli", st.ContentType)
		assert.Equal(t, map[string]string{"origin": "aws-cli"}, st.Metadata)
		assert.Equal(t, time.Unix(1600000000, 250000000), st.ModTime)
		r, err := a.NewReader(t.Context(), bucket, tc.key, nil)
		require.NoError(t, err)
		got := new(bytes.Buffer)
		_, err = got.ReadFrom(r)
		require.NoError(t, err)
		r.Close()
		assert.True(t, bytes.Equal(data, got.Bytes()), "%s: cloudfs read other bytes", tc.key)
	}
}

// TestRcloneMtime: rclone and cloudfs keep each other's modification
// times, because both use X-Amz-Meta-Mtime in the same form.
func TestRcloneMtime(t *testing.T) {
	srv := s3test.Shared(t)
	a, _, bucket := testAccount(t, nil, nil)
	ours := time.Date(2020, 12, 10, 16, 0, 0, 123456000, time.UTC)
	w, err := a.NewWriter(t.Context(), bucket, "ours.txt", &storage.WriterOptions{ModTime: ours, SizeHint: -1})
	require.NoError(t, err)
	require.NoError(t, writeAll(w, []byte("written by cloudfs")))
	require.NoError(t, w.Close())
	out := string(rclone(t, srv, "lsl", "m:"+bucket+"/ours.txt"))
	assert.Contains(t, out, "2020-12-10 16:00:00.123456000", "rclone lsl: %s", out)

	dir := t.TempDir()
	file := filepath.Join(dir, "theirs.txt")
	require.NoError(t, os.WriteFile(file, []byte("written by rclone"), 0o644))
	theirs := time.Date(2019, 7, 8, 9, 10, 11, 500000000, time.UTC)
	require.NoError(t, os.Chtimes(file, theirs, theirs))
	rclone(t, srv, "copyto", file, "m:"+bucket+"/theirs.txt")
	st, err := a.Stat(t.Context(), bucket, "theirs.txt")
	require.NoError(t, err)
	assert.WithinDuration(t, theirs, st.ModTime, time.Microsecond, "mtime rclone stored")
	assert.NotContains(t, st.Metadata, "mtime")
}
