package s3

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/transport"
)

// capture is a network transport that keeps each request (with its body)
// and answers 200 without sending anything.
type capture struct {
	mu   sync.Mutex
	reqs []*http.Request
	body [][]byte
}

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	var b []byte
	if r.Body != nil {
		b, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	c.mu.Lock()
	c.reqs = append(c.reqs, r)
	c.body = append(c.body, b)
	c.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

func (c *capture) last() (*http.Request, []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reqs[len(c.reqs)-1], c.body[len(c.body)-1]
}

// wireView is what a PUT says on the wire, less what only the SDK adds
// (its invocation ids and user agent) and the signature itself, which
// covers those.
func wireView(t *testing.T, r *http.Request, body []byte) map[string]string {
	t.Helper()
	v := map[string]string{
		"method": r.Method, "url": r.URL.String(), "host": r.Host,
		"length": strconv.FormatInt(r.ContentLength, 10),
		"body":   string(body),
	}
	for k, vals := range r.Header {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "amz-sdk-") || lk == "user-agent" || lk == "authorization" || lk == "x-amz-date" {
			continue
		}
		v["h:"+lk] = strings.Join(vals, ",")
	}
	// The signature's scope and signed headers, without the SDK's own.
	auth := r.Header.Get("Authorization")
	for _, part := range strings.Split(strings.TrimPrefix(auth, "AWS4-HMAC-SHA256 "), ", ") {
		name, val, _ := strings.Cut(part, "=")
		switch name {
		case "Credential":
			_, scope, _ := strings.Cut(val, "/")
			_, scope, _ = strings.Cut(scope, "/") // drop the date
			v["scope"] = scope
		case "SignedHeaders":
			hs := slices.DeleteFunc(strings.Split(val, ";"), func(h string) bool { return strings.HasPrefix(h, "amz-sdk-") })
			v["signed"] = strings.Join(hs, ";")
		}
	}
	require.NotEmpty(t, v["scope"], "a signed request: %q", auth)
	return v
}

// TestDirectPutSameRequestAsSDK: a direct PUT is on the wire what the SDK
// sends for the same input (URL, host, headers, signed headers and scope,
// body), for odd keys, on path-style and virtual-hosted endpoints, with
// metadata, conditions and either checksum.
func TestDirectPutSameRequestAsSDK(t *testing.T) {
	accounts := map[string]map[string]string{
		"minio": {"provider": "minio", "endpoint": "http://127.0.0.1:9", "access_key_id": "AK", "secret_access_key": "SK"},
		"aws":   {"provider": "aws", "region": "eu-west-1", "access_key_id": "AK", "secret_access_key": "SK", "session_token": "TOKEN"},
		"other": {"endpoint": "https://s3.example.net:8443/base", "region": "auto", "access_key_id": "AK", "secret_access_key": "SK", "checksum": "md5"},
	}
	keys := []string{"a.txt", "dir/sub/file name.bin", "/lead//double/", "plus+eq=comma,semi;", "ünïcødé/日本", "q?hash#pct%20", "tilde~star*(paren)!'"}
	for name, opts := range accounts {
		t.Run(name, func(t *testing.T) {
			c := &capture{}
			hc, err := transport.New(transport.Options{Base: c})
			require.NoError(t, err)
			d, err := New(t.Context(), params.Params{Account: name, Driver: "s3", Options: opts, HTTP: hc})
			require.NoError(t, err)
			for _, key := range keys {
				body := []byte("content of " + key)
				in := func() *s3.PutObjectInput {
					in := &s3.PutObjectInput{
						Bucket: aws.String("my-bucket"), Key: aws.String(key), Body: bytes.NewReader(body),
						ContentLength: aws.Int64(int64(len(body))), ContentType: aws.String("text/plain"),
						Metadata:    map[string]string{"mtime": "1700000000.5", "owner": "=?UTF-8?b?w7w=?="},
						IfNoneMatch: aws.String("*"),
					}
					d.cfg.checksum.put(in, body)
					return in
				}
				_, err := do(t.Context(), d, "my-bucket", d.client.PutObject, in(), unsignedPayload)
				require.NoError(t, err)
				r, b := c.last()
				sdk := wireView(t, r, b)
				require.NoError(t, d.directPut(t.Context(), in(), body, d.regionOf("my-bucket")))
				r, b = c.last()
				direct := wireView(t, r, b)
				assert.Equal(t, sdk, direct, "key %q", key)
			}
		})
	}
}

// TestDirectPutErrorsAsSDK: on MinIO, a direct PUT that fails fails with
// the error the SDK path gives, word for word and kind for kind.
func TestDirectPutErrorsAsSDK(t *testing.T) {
	a, d, bucket := testAccount(t, nil, nil)
	putObject(t, a, bucket, "exists", []byte("x"), nil)
	bad := openMinIO(t, map[string]string{"secret_access_key": "wrong-secret"}, transport.Options{})
	cases := map[string]struct {
		d      *Driver
		bucket string
		key    string
		ifNone string
		kind   errs.Kind
	}{
		"no such bucket": {d, "no-such-bucket-here", "k", "", errs.NotFound},
		"bad secret":     {bad, bucket, "k", "", errs.PermissionDenied},
		"if-none-match":  {d, bucket, "exists", "*", errs.PreconditionFailed},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			in := func() *s3.PutObjectInput {
				in := &s3.PutObjectInput{Bucket: aws.String(tc.bucket), Key: aws.String(tc.key), Body: bytes.NewReader([]byte("y")), ContentLength: aws.Int64(1)}
				if tc.ifNone != "" {
					in.IfNoneMatch = aws.String(tc.ifNone)
				}
				return in
			}
			_, sdkErr := do(t.Context(), tc.d, tc.bucket, tc.d.client.PutObject, in(), unsignedPayload)
			directErr := classify(tc.d.directPut(t.Context(), in(), []byte("y"), tc.d.regionOf(tc.bucket)))
			require.Error(t, sdkErr)
			require.Error(t, directErr)
			assert.True(t, errs.Is(directErr, tc.kind), "%v", directErr)
			assert.Equal(t, sdkErr.Error(), directErr.Error())
			assert.Equal(t, errCode(sdkErr), errCode(directErr))
			assert.Equal(t, httpStatus(sdkErr), httpStatus(directErr))
		})
	}
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		in := &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("k"), Body: bytes.NewReader(nil), ContentLength: aws.Int64(0)}
		err := classify(d.directPut(ctx, in, nil, d.regionOf(bucket)))
		assert.True(t, errs.Is(err, errs.Canceled), "%v", err)
	})
}

// TestDirectPutOnMinIO: the writer's single PUTs of small objects go
// direct (no SDK invocation header), bigger ones through the SDK, and
// both read back whole under odd keys, with their metadata and type.
func TestDirectPutOnMinIO(t *testing.T) {
	var mu sync.Mutex
	viaSDK := map[string]bool{}
	sp := newSpy(t)
	sp.alter = func(r *http.Request) {
		if opName(r) == "PUT PutObject" {
			mu.Lock()
			viaSDK[r.URL.EscapedPath()] = r.Header.Get("Amz-Sdk-Invocation-Id") != ""
			mu.Unlock()
		}
	}
	a, _, bucket := testAccount(t, sp, nil)
	for _, size := range []int{0, 4096, directPutMax, directPutMax + 1} {
		for _, key := range []string{"plain", "odd/ünï cødé+=,;!'()*~", "q?x#y%20z"} {
			key := key + "-" + strconv.Itoa(size)
			data := randomBytes(t, size)
			putObject(t, a, bucket, key, data, map[string]string{"k": "v"})
			got := readBack(t, a, bucket, key)
			assert.True(t, bytes.Equal(data, got), "%q: %d bytes back, want %d", key, len(got), len(data))
			attrs, err := a.Stat(t.Context(), bucket, key)
			require.NoError(t, err)
			assert.Equal(t, "v", attrs.Metadata["k"])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, viaSDK, 12)
	for p, sdk := range viaSDK {
		assert.Equal(t, strings.HasSuffix(p, "-"+strconv.Itoa(directPutMax+1)), sdk, "%s: only the body over directPutMax goes through the SDK", p)
	}
}

func putObject(t *testing.T, a *storage.Account, bucket, key string, data []byte, md map[string]string) {
	t.Helper()
	w, err := a.NewWriter(t.Context(), bucket, key, &storage.WriterOptions{SizeHint: int64(len(data)), Metadata: md})
	require.NoError(t, err)
	require.NoError(t, writeAll(w, data))
	require.NoError(t, w.Close())
}

// TestDirectableFields: an input with a field directPut does not send
// (here a storage class, a cache control) takes the SDK path.
func TestDirectableFields(t *testing.T) {
	in := &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"), ContentType: aws.String("x/y"),
		Metadata: map[string]string{"a": "b"}, ChecksumCRC32C: aws.String("AAAAAA=="), IfNoneMatch: aws.String("*")}
	assert.True(t, directable(in))
	for _, bad := range []*s3.PutObjectInput{
		{Bucket: aws.String("b"), Key: aws.String("")},
		{Bucket: aws.String(""), Key: aws.String("k")},
		{Bucket: aws.String("arn:aws:s3:us-west-2:123456789012:accesspoint/ap"), Key: aws.String("k")},
	} {
		assert.False(t, directable(bad), "%+v", bad)
	}
	withClass := *in
	withClass.StorageClass = "GLACIER"
	assert.False(t, directable(&withClass))
	withCache := *in
	withCache.CacheControl = aws.String("no-cache")
	assert.False(t, directable(&withCache))
}

// fakeS3 is an httptest server for the direct PUT's edge cases: handle
// answers each request; Date is the server's clock.
func fakeS3(t *testing.T, handle func(w http.ResponseWriter, r *http.Request)) *Driver {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(handle))
	t.Cleanup(srv.Close)
	hc, err := transport.New(transport.Options{RetryBaseDelay: transport.Duration(time.Millisecond)})
	require.NoError(t, err)
	d, err := New(t.Context(), params.Params{Account: "fake", Driver: "s3", Options: map[string]string{
		"provider": "minio", "endpoint": srv.URL, "access_key_id": "AK", "secret_access_key": "SK"}, HTTP: hc})
	require.NoError(t, err)
	return d
}

func smallInput(key string) (*s3.PutObjectInput, []byte) {
	body := []byte("hello")
	return &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String(key), Body: bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body)))}, body
}

// TestDirectPutClockSkew: against a server whose clock runs 30 minutes
// ahead, the first PUT is refused as RequestTimeTooSkewed, learns the
// skew from the Date header and succeeds signed again; later PUTs are
// signed with the server's time from the start.
func TestDirectPutClockSkew(t *testing.T) {
	var requests atomic.Int64
	d := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		server := time.Now().Add(30 * time.Minute)
		w.Header().Set("Date", server.UTC().Format(http.TimeFormat))
		signed, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		if err != nil || server.Sub(signed).Abs() > 15*time.Minute {
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the server's time is too large.</Message></Error>`)
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
	})
	in, body := smallInput("k1")
	require.NoError(t, d.putSmall(t.Context(), in, body))
	assert.EqualValues(t, 2, requests.Load(), "refused once, then signed with the server's clock")
	in, body = smallInput("k2")
	require.NoError(t, d.putSmall(t.Context(), in, body))
	assert.EqualValues(t, 3, requests.Load(), "the skew is remembered")
}

// TestDirectPutErrorsWithoutXML: when the error response has no S3 error
// body (empty, or a proxy's HTML), the direct PUT's error is the SDK's,
// word for word: code and message from the HTTP status.
func TestDirectPutErrorsWithoutXML(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		kind   errs.Kind
	}{
		{http.StatusPreconditionFailed, "", errs.PreconditionFailed},
		{http.StatusForbidden, "", errs.PermissionDenied},
		{http.StatusNotFound, "", errs.NotFound},
		{http.StatusBadRequest, "<html><body>Bad request</body></html>", errs.InvalidArgument},
	} {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			d := fakeS3(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			in, body := smallInput("k")
			_, sdkErr := do(t.Context(), d, "b", d.client.PutObject, in, unsignedPayload)
			in, body = smallInput("k")
			directErr := classify(d.directPut(t.Context(), in, body, d.regionOf("b")))
			require.Error(t, sdkErr)
			require.Error(t, directErr)
			assert.True(t, errs.Is(directErr, tc.kind), "%v", directErr)
			assert.Equal(t, sdkErr.Error(), directErr.Error())
			assert.Equal(t, errCode(sdkErr), errCode(directErr))
		})
	}
}
