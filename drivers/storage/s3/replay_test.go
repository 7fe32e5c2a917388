package s3

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/transport"
	"github.com/cloudfs/cloudfs/transport/replay"
)

// Fixture-replay tests for what only AWS does. The fixtures in testdata/
// follow the S3 API reference: the status, headers and XML error bodies
// AWS sends. They run through the real transport client, retry layer
// included, with replay.Transport as its network.

// openReplay opens an AWS account whose network is the fixtures in dir.
func openReplay(t *testing.T, dir string, extra map[string]string, topts transport.Options) *storage.Account {
	t.Helper()
	topts.Base = replay.New(t, dir)
	topts.RetryBaseDelay = transport.Duration(time.Millisecond)
	topts.RetryMaxDelay = transport.Duration(10 * time.Millisecond)
	hc, err := transport.New(topts)
	require.NoError(t, err)
	opts := map[string]string{
		"provider":          "aws",
		"region":            "us-east-1",
		"access_key_id":     "AKIAIOSFODNN7EXAMPLE",
		"secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	}
	for k, v := range extra {
		opts[k] = v
	}
	d, err := New(t.Context(), params.Params{Account: "aws", Driver: "s3", Options: opts, HTTP: hc})
	require.NoError(t, err)
	a := storage.New("aws", d)
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// TestReplayRegionRedirect: a bucket in eu-west-1 asked for in us-east-1
// answers 301 PermanentRedirect with x-amz-bucket-region. The driver
// retries there, succeeds, and sends the bucket's later requests straight
// to eu-west-1 (a request to us-east-1 would find no fixture).
func TestReplayRegionRedirect(t *testing.T) {
	a := openReplay(t, "testdata/region-redirect", nil, transport.Options{})
	r, err := a.NewReader(t.Context(), "cloudfs-eu", "reports/2024.csv", nil)
	require.NoError(t, err)
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	require.NoError(t, r.Close())
	assert.Equal(t, "year,total\n2024,42\n", string(b))
	attrs := r.Attributes()
	assert.Equal(t, "text/csv", attrs.ContentType)
	assert.Equal(t, time.Unix(1704067200, 0), attrs.ModTime, "rclone's X-Amz-Meta-Mtime")

	st, err := a.Stat(t.Context(), "cloudfs-eu", "reports/2024.csv")
	require.NoError(t, err)
	assert.Equal(t, int64(19), st.Size)
}

// TestReplayRegionMalformed: a region launched after 2019 answers 400
// AuthorizationHeaderMalformed instead of 301. The driver re-sends the PUT,
// body and all (the fixture checks its SHA-256), to the region named.
func TestReplayRegionMalformed(t *testing.T) {
	a := openReplay(t, "testdata/region-malformed", nil, transport.Options{})
	w, err := a.NewWriter(t.Context(), "cloudfs-ap", "hello.txt", &storage.WriterOptions{
		ContentType: "text/plain", ModTime: time.Unix(1704067200, 0), SizeHint: -1,
	})
	require.NoError(t, err)
	_, err = io.WriteString(w, "hello, world\n")
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

// TestReplaySlowDown: 503 SlowDown twice, then success. The transport's
// retry layer (the only one: the SDK's is off) backs off and re-sends the
// same body.
func TestReplaySlowDown(t *testing.T) {
	a := openReplay(t, "testdata/slowdown", nil, transport.Options{})
	w, err := a.NewWriter(t.Context(), "cloudfs-busy", "hot/key.bin", &storage.WriterOptions{
		ContentType: "application/octet-stream", ModTime: time.Unix(1704067200, 0), SizeHint: -1,
	})
	require.NoError(t, err)
	_, err = io.WriteString(w, "0123456789")
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

// TestReplaySlowDownExhausted: when every attempt is throttled, the error
// is Throttled and says so.
func TestReplaySlowDownExhausted(t *testing.T) {
	a := openReplay(t, "testdata/slowdown-exhausted", nil, transport.Options{MaxAttempts: 3})
	_, err := a.Stat(t.Context(), "cloudfs-busy", "hot/key.bin")
	require.Error(t, err)
	assert.True(t, errs.Is(err, errs.Throttled), "%v", err)
	_, err = a.NewReader(t.Context(), "cloudfs-busy", "hot/key.bin", nil)
	assert.True(t, errs.Is(err, errs.Throttled), "%v", err)
	assert.ErrorContains(t, err, "SlowDown: Please reduce your request rate.")
}

// TestReplayExpiredToken: expired temporary credentials give
// PermissionDenied with a one-line message naming the endpoint and S3's
// code, not XML.
func TestReplayExpiredToken(t *testing.T) {
	a := openReplay(t, "testdata/expired-token", map[string]string{"session_token": "FwoGZXIvYXdzEXAMPLETOKEN"}, transport.Options{})
	_, err := a.NewReader(t.Context(), "cloudfs-data", "notes.txt", nil)
	require.Error(t, err)
	assert.True(t, errs.Is(err, errs.PermissionDenied), "%v", err)
	assert.Equal(t, "storage.Read cloudfs-data/notes.txt: access denied by https://cloudfs-data.s3.us-east-1.amazonaws.com: ExpiredToken: The provided token has expired.", err.Error())
	assert.NotContains(t, err.Error(), "<")
}
