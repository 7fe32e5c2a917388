package replay_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/cloudfs/cloudfs/transport/replay"
	"github.com/stretchr/testify/require"
)

// fakeTB records failures instead of failing, and runs cleanups on demand,
// so tests can check that replay reports what it must.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func newFakeTB(t *testing.T) *fakeTB { return &fakeTB{TB: t} }

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }

func (f *fakeTB) runCleanups() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

func (f *fakeTB) errors() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.errs...)
}

// client is what a driver test builds: the real transport stack over a
// replay base, with test-sized backoff.
func client(t *testing.T, base http.RoundTripper) *http.Client {
	t.Helper()
	c, err := transport.New(transport.Options{
		Base:           base,
		RetryBaseDelay: transport.Duration(time.Microsecond),
		RetryMaxDelay:  transport.Duration(time.Millisecond),
	})
	require.NoError(t, err)
	return c
}

func send(t *testing.T, c *http.Client, method, url, body string, header ...string) (*http.Response, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

const s3 = "https://examplebucket.s3.amazonaws.com"

func TestReplayHit(t *testing.T) {
	c := client(t, replay.New(t, "testdata/basic"))

	resp, body := send(t, c, "GET", s3+"/examplebucket?prefix=photos/&list-type=2", "")
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, "application/xml", resp.Header.Get("Content-Type"))
	require.Contains(t, body, "<Key>photos/2006/January/sample.jpg</Key>")

	resp, body = send(t, c, "PUT", s3+"/examplebucket/my%20image.jpg", "hello")
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, `"1b2cf535f27731c974343645a3985328"`, resp.Header.Get("ETag"))
	require.Empty(t, body)

	resp, body = send(t, c, "HEAD", s3+"/examplebucket/my%20image.jpg", "")
	require.Equal(t, "200 OK", resp.Status)
	require.Equal(t, int64(5), resp.ContentLength)
	require.Empty(t, body)

	resp, body = send(t, c, "GET", s3+"/examplebucket/my%20image.jpg", "")
	require.Equal(t, "hello", body, "Content-Length trims the file's final newline")
	require.Equal(t, int64(5), resp.ContentLength)
}

func TestReplayMiss(t *testing.T) {
	fake := newFakeTB(t)
	c := client(t, replay.New(fake, "testdata/basic", replay.AllowUnused()))

	_, err := c.Get(s3 + "/examplebucket/nope?versionId=3")
	require.ErrorContains(t, err, "no fixture in testdata/basic for GET "+s3+"/examplebucket/nope?versionId=3")
	require.ErrorContains(t, err, "unused: 001-GET.http (GET /examplebucket?list-type=2&prefix=photos%2F)")
	require.Len(t, fake.errors(), 1, "the test is failed, not only the request")
	require.Contains(t, fake.errors()[0], "/examplebucket/nope")
}

func TestReplayMissRedactsSignature(t *testing.T) {
	fake := newFakeTB(t)
	c := client(t, replay.New(fake, "testdata/basic", replay.AllowUnused()))
	_, err := c.Get(s3 + "/x?X-Amz-Signature=deadbeefcafe")
	require.Error(t, err)
	require.Len(t, fake.errors(), 1)
	require.Contains(t, fake.errors()[0], "X-Amz-Signature=REDACTED")
	require.NotContains(t, fake.errors()[0], "deadbeefcafe")
}

func TestReplayOrderedDuplicatesUnderRetry(t *testing.T) {
	fake := newFakeTB(t)
	c := client(t, replay.New(fake, "testdata/flaky"))

	resp, body := send(t, c, "GET", s3+"/examplebucket/key", "")
	require.Equal(t, 200, resp.StatusCode, "503, 503, then 200 through the retry layer")
	require.Equal(t, "ok", body)

	fake.runCleanups()
	require.Empty(t, fake.errors(), "all three fixtures used")
}

func TestReplayUnusedReported(t *testing.T) {
	fake := newFakeTB(t)
	c := client(t, replay.New(fake, "testdata/flaky"))
	c.Transport.(interface{ CloseIdleConnections() }).CloseIdleConnections() // no request at all

	fake.runCleanups()
	errs := fake.errors()
	require.Len(t, errs, 1)
	require.Contains(t, errs[0], "3 fixture(s) in testdata/flaky never used")
	require.Contains(t, errs[0], "003-GET.http")

	fake = newFakeTB(t)
	replay.New(fake, "testdata/flaky", replay.AllowUnused())
	fake.runCleanups()
	require.Empty(t, fake.errors())
}

func TestReplayMatchesHostHeadersAndBody(t *testing.T) {
	fake := newFakeTB(t)
	c := client(t, replay.New(fake, "testdata/match"))
	const host = "https://s3.eu-west-1.amazonaws.com"

	// Wrong host, missing Range, wrong body: no match.
	_, err := c.Get("https://s3.us-east-1.amazonaws.com/bucket/key")
	require.Error(t, err)
	_, err = c.Get(host + "/bucket/key")
	require.Error(t, err)
	req, _ := http.NewRequest("POST", host+"/bucket/key?uploadId=abc", strings.NewReader("<other/>"))
	_, err = c.Do(req)
	require.Error(t, err)
	require.Len(t, fake.errors(), 3)

	resp, body := send(t, c, "GET", host+"/bucket/key", "", "Range", "bytes=0-3")
	require.Equal(t, 206, resp.StatusCode)
	require.Equal(t, "0123", body)
	_, body = send(t, c, "POST", host+"/bucket/key?uploadId=abc", "<parts/>")
	require.Contains(t, body, "CompleteMultipartUploadResult")

	fake.runCleanups()
	require.Len(t, fake.errors(), 3, "no unused fixture")
}

func TestReplayBadFixture(t *testing.T) {
	for name, text := range map[string]string{
		"no-request.http":    "# only a comment\n",
		"bad-line.http":      "GET\n\nHTTP/1.1 200 OK\n",
		"no-status.http":     "GET / HTTP/1.1\n\n",
		"bad-status.http":    "GET / HTTP/1.1\n\nHTTP/1.1 OK\n",
		"bad-directive.http": "GET / HTTP/1.1\nX-Replay-Body: x\n\nHTTP/1.1 200 OK\n",
		"short-body.http":    "GET / HTTP/1.1\n\nHTTP/1.1 200 OK\nContent-Length: 10\n\nabc",
	} {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600))
		fake := &fatalTB{fakeTB: newFakeTB(t)}
		func() {
			defer func() { recover() }()
			replay.New(fake, dir)
		}()
		require.True(t, fake.fatal, name)
		require.Contains(t, fake.errors()[0], name)
	}
}

// fatalTB stops at Fatalf the way testing.T does (without Goexit).
type fatalTB struct {
	*fakeTB
	fatal bool
}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.fatal = true
	f.Errorf(format, args...)
	panic("fatal")
}

func TestRecordThenReplay(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		switch {
		case r.Method == "PUT":
			b, _ := io.ReadAll(r.Body)
			w.Header().Set("ETag", fmt.Sprintf(`"%d"`, len(b)))
		case r.URL.Path == "/sts":
			w.Header().Set("Set-Cookie", "session=cookie-secret")
			io.WriteString(w, `<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>`+
				`<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY</SecretAccessKey>`+
				`<SessionToken>FwoGZXIvYXdzEBY</SessionToken></Credentials>`)
		case r.URL.Path == "/flaky" && n == 3:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			io.WriteString(w, `{"items":[1,2],"next":"page2","client_secret":"s3cr3t"}`)
		}
	}))
	t.Cleanup(srv.Close)
	dir := filepath.Join(t.TempDir(), "fixtures")
	secrets := []string{"sigOne", "sigTwo", "wJalrXUtnFEMI", "FwoGZXIvYXdzEBY", "cookie-secret", "s3cr3t", "AKIDEXAMPLE"}

	run := func(c *http.Client, sig string) {
		auth := "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, " +
			"SignedHeaders=host;x-amz-date, Signature=" + sig
		_, body := send(t, c, "GET", srv.URL+"/list?b=2&a=1&X-Amz-Signature="+sig, "", "Authorization", auth)
		require.Contains(t, body, `"next":"page2"`)
		resp, _ := send(t, c, "PUT", srv.URL+"/obj", "twelve bytes", "Authorization", auth, "X-Amz-Meta-Color", "blue")
		require.Equal(t, `"12"`, resp.Header.Get("ETag"))
		_, body = send(t, c, "GET", srv.URL+"/flaky", "")
		require.Contains(t, body, "items", "the recorded 503 is retried")
		resp, body = send(t, c, "POST", srv.URL+"/sts", "Action=AssumeRole", "Authorization", auth)
		require.Equal(t, 200, resp.StatusCode)
		require.Contains(t, body, "<AccessKeyId>ASIAEXAMPLE</AccessKeyId>")
	}

	rec := newFakeTB(t)
	run(client(t, replay.New(rec, dir, replay.Record(true), replay.MatchHeaders("X-Amz-Meta-Color"), replay.MatchBody())), "sigOne")
	rec.runCleanups()
	require.Empty(t, rec.errors())
	require.Equal(t, int32(5), hits.Load())

	files, err := filepath.Glob(filepath.Join(dir, "*.http"))
	require.NoError(t, err)
	require.Len(t, files, 5)
	require.Equal(t, "003-GET.http", filepath.Base(files[2]))
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		all.Write(b)
	}
	for _, s := range secrets {
		require.NotContains(t, all.String(), s, "recorded fixtures are scrubbed")
	}
	require.Contains(t, all.String(), "X-Amz-Meta-Color: blue")
	require.Contains(t, all.String(), "<SecretAccessKey>REDACTED</SecretAccessKey>")
	require.Contains(t, all.String(), `"client_secret":"REDACTED"`)
	require.Contains(t, all.String(), "HTTP/1.1 503 Service Unavailable")

	// Replay: new signatures, no server traffic, the same answers, except
	// that scrubbed secrets come back scrubbed.
	play := newFakeTB(t)
	run(client(t, replay.New(play, dir)), "sigTwo")
	play.runCleanups()
	require.Empty(t, play.errors())
	require.Equal(t, int32(5), hits.Load(), "replay never reached the server")
}

func TestRecordFromEnvironment(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "live")
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	stale := filepath.Join(dir, "001-DELETE.http")
	require.NoError(t, os.WriteFile(stale, []byte("old"), 0o600))

	t.Setenv(replay.EnvRecord, "1")
	c := client(t, replay.New(t, dir))
	_, body := send(t, c, "GET", srv.URL+"/x", "")
	require.Equal(t, "live", body)

	_, err := os.Stat(stale)
	require.ErrorIs(t, err, os.ErrNotExist, "recording replaces old fixtures")
	b, err := os.ReadFile(filepath.Join(dir, "001-GET.http"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(b), "GET /x HTTP/1.1\n\nHTTP/1.1 200 OK\n"), string(b))
}

func TestReplayRespectsContext(t *testing.T) {
	c := client(t, replay.New(t, "testdata/flaky", replay.AllowUnused()))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s3+"/examplebucket/key", nil)
	_, err := c.Do(req)
	require.ErrorIs(t, err, context.Canceled)
}
