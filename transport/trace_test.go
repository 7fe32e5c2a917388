package transport_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

// Real-looking AWS SigV4 values (from the AWS documentation examples).
const (
	accessKeyID  = "AKIAIOSFODNN7EXAMPLE"
	sigV4        = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"
	presignedSig = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
	sessionToken = "FwoGZXIvYXdzEBYaDHqa0AP1b2xcwA5fJSKsAdNnQ9Gvq3N1ZXJ0b2tlbg"
	emptySHA256  = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	sigV4Auth    = "AWS4-HMAC-SHA256 Credential=" + accessKeyID + "/20130524/us-east-1/s3/aws4_request, " +
		"SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=" + sigV4
	presignedQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + accessKeyID +
		"%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400" +
		"&X-Amz-SignedHeaders=host&X-Amz-Signature=" + presignedSig
)

// signedRequest is a GET as the AWS SDK would send it.
func signedRequest(t *testing.T, url string) *http.Request {
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", sigV4Auth)
	req.Header.Set("X-Amz-Security-Token", sessionToken)
	req.Header.Set("X-Amz-Content-Sha256", emptySHA256)
	req.Header.Set("X-Amz-Date", "20130524T000000Z")
	req.Header.Set("X-Amz-Server-Side-Encryption-Customer-Key", "c2VjcmV0LWN1c3RvbWVyLWtleS0zMi1ieXRlcyEhISE=")
	req.Header.Set("Cookie", "session=cookie-secret")
	return req
}

func TestTraceRedactsSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Set-Cookie", "session=set-cookie-secret")
		w.Header().Set("X-Amz-Request-Id", "4442587FB7D0A2F9")
		w.Write([]byte("body-must-not-be-logged"))
	}))
	t.Cleanup(srv.Close)
	var trace bytes.Buffer
	c := newClient(t, transport.Options{Trace: &trace})

	resp, err := c.Do(signedRequest(t, srv.URL+"/bucket/key?"+presignedQuery))
	require.NoError(t, err)
	resp.Body.Close()

	out := trace.String()
	for _, secret := range []string{accessKeyID, sigV4, presignedSig, sessionToken,
		"c2VjcmV0", "cookie-secret", "body-must-not-be-logged"} {
		require.NotContains(t, out, secret)
	}
	for _, want := range []string{
		`msg="http request"`, `msg="http response"`, "method=GET", "status=200", "duration=",
		`header.Authorization="AWS4-HMAC-SHA256 REDACTED"`,
		"header.X-Amz-Security-Token=REDACTED",
		"header.X-Amz-Content-Sha256=" + emptySHA256,
		"header.Set-Cookie=REDACTED",
		"header.X-Amz-Request-Id=4442587FB7D0A2F9",
		"X-Amz-Signature=REDACTED", "X-Amz-Expires=86400",
		"User-Agent=cloudfs/",
	} {
		require.Contains(t, out, want)
	}
}

func TestTraceLogsErrors(t *testing.T) {
	var trace bytes.Buffer
	c := newClient(t, transport.Options{Trace: &trace, NoRetry: true})
	_, err := c.Get("http://127.0.0.1:1/?token=hunter2")
	require.Error(t, err)
	require.Contains(t, trace.String(), `msg="http error"`)
	require.NotContains(t, trace.String(), "hunter2")
}

func TestTraceFromEnvironmentUsesSlog(t *testing.T) {
	srv := httptest.NewServer(hello)
	t.Cleanup(srv.Close)
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })

	t.Setenv("CLOUDFS_DEBUG", "")
	get(t, newClient(t, transport.Options{}), srv.URL)
	require.Empty(t, logs.String(), "no trace unless asked")

	t.Setenv("CLOUDFS_DEBUG", "1")
	get(t, newClient(t, transport.Options{}), srv.URL)
	require.Contains(t, logs.String(), "level=DEBUG")
	require.Contains(t, logs.String(), `msg="http response"`)

	logs.Reset()
	t.Setenv("CLOUDFS_DEBUG", "")
	get(t, newClient(t, transport.Options{Debug: true}), srv.URL)
	require.Contains(t, logs.String(), `msg="http request"`)
}
