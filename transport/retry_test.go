package transport_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

// fast is the retry timing for tests: real backoff code, tiny delays.
var fast = transport.Options{
	RetryBaseDelay: transport.Duration(time.Microsecond),
	RetryMaxDelay:  transport.Duration(time.Millisecond),
}

// script is a server that answers with the given statuses in turn (the
// last one repeats) and records every request body it received.
type script struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []string
}

func newScript(t *testing.T, statuses []int, header http.Header) *script {
	t.Helper()
	s := &script{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(b))
		n := len(s.bodies)
		s.mu.Unlock()
		status := statuses[min(n, len(statuses))-1]
		if status != http.StatusOK {
			for k, v := range header {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(status)
		io.WriteString(w, http.StatusText(status))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *script) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

func do(t *testing.T, c *http.Client, req *http.Request) (int, string) {
	t.Helper()
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func newRequest(t *testing.T, ctx context.Context, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	require.NoError(t, err)
	return req
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	for _, after := range []string{"0", "Mon, 02 Jan 2006 15:04:05 GMT"} {
		t.Run(after, func(t *testing.T) {
			// A Retry-After far above the backoff cap: the retry must
			// take it instead of the backoff, so it must be tiny here.
			srv := newScript(t, []int{429, 200}, http.Header{"Retry-After": {after}})
			c := newClient(t, fast)
			code, _ := get(t, c, srv.URL)
			require.Equal(t, 200, code)
			require.Len(t, srv.requests(), 2)
		})
	}
}

func TestRetryAfterBeyondDeadlineIsNotWaited(t *testing.T) {
	srv := newScript(t, []int{503, 200}, http.Header{"Retry-After": {"3600"}})
	c := newClient(t, fast) // default deadline 2 min < 1 h
	code, _ := get(t, c, srv.URL)
	require.Equal(t, 503, code)
	require.Len(t, srv.requests(), 1)
}

func TestRetryStatuses(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503, 504} {
		srv := newScript(t, []int{status, 200}, nil)
		code, _ := get(t, newClient(t, fast), srv.URL)
		require.Equal(t, 200, code, status)
		require.Len(t, srv.requests(), 2, status)
	}
	for _, status := range []int{400, 403, 404, 501} {
		srv := newScript(t, []int{status, 200}, nil)
		code, _ := get(t, newClient(t, fast), srv.URL)
		require.Equal(t, status, code)
		require.Len(t, srv.requests(), 1, status)
	}
}

func TestRetryOnlyIdempotent(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		header    string
		ctx       func(context.Context) context.Context
		wantTries int
	}{
		{name: "GET", method: "GET", wantTries: 2},
		{name: "HEAD", method: "HEAD", wantTries: 2},
		{name: "DELETE", method: "DELETE", wantTries: 2},
		{name: "OPTIONS", method: "OPTIONS", wantTries: 2},
		{name: "POST", method: "POST", wantTries: 1},
		{name: "PATCH", method: "PATCH", wantTries: 1},
		{name: "POST Idempotency-Key", method: "POST", header: "Idempotency-Key", wantTries: 2},
		{name: "POST X-Idempotent", method: "POST", header: "X-Idempotent", wantTries: 2},
		{name: "POST WithRetry(true)", method: "POST", wantTries: 2,
			ctx: func(c context.Context) context.Context { return transport.WithRetry(c, true) }},
		{name: "GET WithRetry(false)", method: "GET", wantTries: 1,
			ctx: func(c context.Context) context.Context { return transport.WithRetry(c, false) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScript(t, []int{503, 200}, nil)
			ctx := context.Background()
			if tt.ctx != nil {
				ctx = tt.ctx(ctx)
			}
			req := newRequest(t, ctx, tt.method, srv.URL, strings.NewReader("payload"))
			if tt.header != "" {
				req.Header.Set(tt.header, "abc-123")
			}
			do(t, newClient(t, fast), req)
			require.Len(t, srv.requests(), tt.wantTries)
		})
	}
}

func TestRetryResendsFullBody(t *testing.T) {
	srv := newScript(t, []int{503, 503, 200}, nil)
	body := strings.Repeat("0123456789", 10000)
	req := newRequest(t, context.Background(), "PUT", srv.URL, bytes.NewReader([]byte(body)))
	require.NotNil(t, req.GetBody)

	code, _ := do(t, newClient(t, fast), req)
	require.Equal(t, 200, code)
	require.Equal(t, []string{body, body, body}, srv.requests())
}

func TestRetryNeedsGetBody(t *testing.T) {
	srv := newScript(t, []int{503, 200}, nil)
	stream := io.NopCloser(io.MultiReader(strings.NewReader("streamed")))
	req := newRequest(t, context.Background(), "PUT", srv.URL, stream)
	require.Nil(t, req.GetBody)

	code, _ := do(t, newClient(t, fast), req)
	require.Equal(t, 503, code)
	require.Equal(t, []string{"streamed"}, srv.requests())
}

func TestRetryAttemptsLimited(t *testing.T) {
	srv := newScript(t, []int{503}, nil)
	opts := fast
	opts.MaxAttempts = 3
	code, _ := get(t, newClient(t, opts), srv.URL)
	require.Equal(t, 503, code)
	require.Len(t, srv.requests(), 3)

	srv = newScript(t, []int{503}, nil)
	code, _ = get(t, newClient(t, fast), srv.URL)
	require.Equal(t, 503, code)
	require.Len(t, srv.requests(), transport.DefaultMaxAttempts)
}

func TestRetryDisabled(t *testing.T) {
	for _, opts := range []transport.Options{{NoRetry: true}, {MaxAttempts: 1}} {
		srv := newScript(t, []int{503, 200}, nil)
		code, _ := get(t, newClient(t, opts), srv.URL)
		require.Equal(t, 503, code)
		require.Len(t, srv.requests(), 1)
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// closeCounter counts Close calls on response bodies, and calls onClose.
type closeCounter struct {
	io.Reader
	closed  *atomic.Int32
	onClose func()
}

func (c closeCounter) Close() error {
	c.closed.Add(1)
	if c.onClose != nil {
		c.onClose()
	}
	return nil
}

func TestRetryCancelledBeforeWait(t *testing.T) {
	srv := newScript(t, []int{503}, http.Header{"Retry-After": {"3000"}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var attempts, closed atomic.Int32
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts.Add(1)
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err == nil {
			resp.Body = closeCounter{resp.Body, &closed, nil}
		}
		cancel() // the response is in; now the retry layer must not wait 3000s
		return resp, err
	})
	c := newClient(t, transport.Options{Base: base, RetryDeadline: transport.Duration(time.Hour)})

	// Either the 503 or the cancellation comes back, at once: no retry.
	resp, err := c.Do(newRequest(t, ctx, "GET", srv.URL, nil))
	if err == nil {
		resp.Body.Close()
		require.Equal(t, 503, resp.StatusCode)
	} else {
		require.ErrorIs(t, err, context.Canceled)
	}
	require.Equal(t, int32(1), attempts.Load())
}

func TestRetryCancelDuringWait(t *testing.T) {
	srv := newScript(t, []int{503}, http.Header{"Retry-After": {"3000"}})
	ctx, cancel := context.WithCancel(context.Background())
	var closed atomic.Int32
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err == nil {
			// The retry layer closes a discarded body just before it
			// waits; cancel from there, so the wait itself is cut short.
			resp.Body = closeCounter{resp.Body, &closed, cancel}
		}
		return resp, err
	})
	c := newClient(t, transport.Options{Base: base, RetryDeadline: transport.Duration(time.Hour)})

	_, err := c.Do(newRequest(t, ctx, "GET", srv.URL, nil))
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, int32(1), closed.Load(), "the discarded 503 was closed")
}

func TestRetryDrainsDiscardedResponses(t *testing.T) {
	srv := newScript(t, []int{503, 503, 200}, nil)
	var closed atomic.Int32
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err == nil {
			resp.Body = closeCounter{resp.Body, &closed, nil}
		}
		return resp, err
	})
	opts := fast
	opts.Base = base
	resp, err := newClient(t, opts).Get(srv.URL)
	require.NoError(t, err)
	require.Equal(t, int32(2), closed.Load(), "both 503s closed before the 200 came back")
	resp.Body.Close()
}

func TestRetryConnectionFaults(t *testing.T) {
	t.Run("EOF", func(t *testing.T) {
		var n atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				conn, _, err := w.(http.Hijacker).Hijack()
				require.NoError(t, err)
				conn.Close() // no response at all
				return
			}
			hello(w, r)
		}))
		t.Cleanup(srv.Close)
		code, body := get(t, newClient(t, fast), srv.URL)
		require.Equal(t, 200, code)
		require.Equal(t, "hello", body)
		require.Equal(t, int32(2), n.Load())
	})
	t.Run("refused", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		l.Close() // nothing listens there now
		var attempts atomic.Int32
		opts := fast
		opts.MaxAttempts = 3
		opts.Base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			return http.DefaultTransport.RoundTrip(r)
		})
		_, err = newClient(t, opts).Get("http://" + addr)
		require.Error(t, err)
		require.Equal(t, int32(3), attempts.Load())
	})
	t.Run("other errors are not retried", func(t *testing.T) {
		var attempts atomic.Int32
		opts := fast
		opts.Base = roundTripFunc(func(*http.Request) (*http.Response, error) {
			attempts.Add(1)
			return nil, errors.New("x509: certificate signed by unknown authority")
		})
		_, err := newClient(t, opts).Get("http://example.invalid")
		require.Error(t, err)
		require.Equal(t, int32(1), attempts.Load())
	})
}

func TestRetryTransportStandalone(t *testing.T) {
	srv := newScript(t, []int{502, 200}, nil)
	c := &http.Client{Transport: &transport.RetryTransport{BaseDelay: time.Microsecond, MaxDelay: time.Microsecond}}
	code, _ := get(t, c, srv.URL)
	require.Equal(t, 200, code)
	require.Len(t, srv.requests(), 2)
}

func TestConnectionReuse(t *testing.T) {
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(hello)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newClient(t, transport.Options{})
	for range 20 {
		code, _ := get(t, c, srv.URL)
		require.Equal(t, 200, code)
	}
	require.Equal(t, int32(1), opened.Load())
}

func TestTimeoutResponseHeader(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c := newClient(t, transport.Options{ResponseHeaderTimeout: transport.Duration(20 * time.Millisecond)})
	_, err := c.Get(srv.URL)
	require.ErrorContains(t, err, "timeout awaiting response headers")
}
