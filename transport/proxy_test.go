package transport_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

// forwardProxy is a loopback HTTP proxy that counts what it carries: plain
// http requests in absolute form, and CONNECT tunnels for https.
type forwardProxy struct {
	*httptest.Server
	carried atomic.Int32
}

func newForwardProxy(t *testing.T) *forwardProxy {
	t.Helper()
	p := &forwardProxy{}
	upstream := &http.Transport{DialContext: loopbackDial} // never itself proxied
	t.Cleanup(upstream.CloseIdleConnections)
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.carried.Add(1)
		if r.Method == http.MethodConnect {
			tunnel(t, w, r)
			return
		}
		if !r.URL.IsAbs() {
			http.Error(w, "not a proxy request", http.StatusBadRequest)
			return
		}
		out := r.Clone(r.Context())
		out.RequestURI = ""
		resp, err := upstream.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(p.Close)
	return p
}

// tunnel serves a CONNECT request by piping bytes to the target.
func tunnel(t *testing.T, w http.ResponseWriter, r *http.Request) {
	dst, err := loopbackDial(r.Context(), "tcp", r.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	conn, brw, err := w.(http.Hijacker).Hijack()
	if err != nil {
		dst.Close()
		t.Errorf("hijack: %v", err)
		return
	}
	io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n")
	go pipe(dst, brw.Reader, conn)
	pipe(conn, dst, dst)
}

// pipe copies src to dst, then closes closer.
func pipe(dst io.Writer, src io.Reader, closer io.Closer) {
	io.Copy(dst, src)
	closer.Close()
}

// setProxyEnv sets the proxy variables for the test, upper and lower case.
func setProxyEnv(t *testing.T, httpProxy, httpsProxy, noProxy string) {
	for name, v := range map[string]string{"HTTP_PROXY": httpProxy, "HTTPS_PROXY": httpsProxy, "NO_PROXY": noProxy} {
		t.Setenv(name, v)
		t.Setenv(strings.ToLower(name), "")
	}
	t.Setenv("REQUEST_METHOD", "") // httpproxy ignores HTTP_PROXY under CGI
}

func TestProxy(t *testing.T) {
	target := httptest.NewServer(hello)
	t.Cleanup(target.Close)
	unreachable := "http://127.0.0.1:1" // fails the test if ever used

	tests := []struct {
		name         string
		env          [3]string // HTTP_PROXY, HTTPS_PROXY, NO_PROXY; "P" is the proxy
		opts         transport.Options
		wantProxied  bool
		wantOptProxy bool // opts.Proxy is the proxy
	}{
		{name: "env HTTP_PROXY", env: [3]string{"P", "", ""}, wantProxied: true},
		{name: "env NO_PROXY bypass", env: [3]string{"P", "", targetHost}},
		{name: "env NO_PROXY suffix", env: [3]string{"P", "", ".test"}},
		{name: "option overrides env", env: [3]string{unreachable, "", ""}, wantOptProxy: true, wantProxied: true},
		{name: "option ignores env NO_PROXY", env: [3]string{"", "", targetHost}, wantOptProxy: true, wantProxied: true},
		{name: "option NoProxy bypass", opts: transport.Options{NoProxy: targetHost}, wantOptProxy: true},
		{name: "option NoProxy replaces env NO_PROXY", env: [3]string{"P", "", targetHost}, opts: transport.Options{NoProxy: "other.example"}, wantProxied: true},
		{name: "direct", env: [3]string{"P", "P", ""}, opts: transport.Options{Proxy: transport.ProxyDirect}},
		{name: "no proxy at all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proxy := newForwardProxy(t)
			env := tt.env
			for i := range env {
				if env[i] == "P" {
					env[i] = proxy.URL
				}
			}
			setProxyEnv(t, env[0], env[1], env[2])
			opts := tt.opts
			opts.DialContext = loopbackDial
			if tt.wantOptProxy {
				opts.Proxy = proxy.URL
			}
			c := newClient(t, opts)

			code, body := get(t, c, targetURL(t, target)+"/x")
			require.Equal(t, 200, code, body)
			require.Equal(t, "hello", body)
			want := int32(0)
			if tt.wantProxied {
				want = 1
			}
			require.Equal(t, want, proxy.carried.Load(), "requests carried by the proxy")
		})
	}
}

func TestProxyHTTPSConnect(t *testing.T) {
	ca := newCA(t, "private")
	target := newTLSServer(t, ca, hello, nil)
	proxy := newForwardProxy(t)
	setProxyEnv(t, "", proxy.URL, "")

	c := newClient(t, transport.Options{CAFile: ca.pemPath, DialContext: loopbackDial})
	for range 3 {
		code, body := get(t, c, targetURL(t, target))
		require.Equal(t, 200, code)
		require.Equal(t, "hello", body)
	}
	require.Equal(t, int32(1), proxy.carried.Load(), "one CONNECT tunnel, reused")
}

func TestProxyLoopbackIsNeverProxied(t *testing.T) {
	target := httptest.NewServer(hello)
	t.Cleanup(target.Close)
	proxy := newForwardProxy(t)
	c := newClient(t, transport.Options{Proxy: proxy.URL})

	code, _ := get(t, c, target.URL) // http://127.0.0.1:port
	require.Equal(t, 200, code)
	require.Zero(t, proxy.carried.Load())
}

func TestProxyBadURL(t *testing.T) {
	for _, p := range []string{"ftp://proxy:21", "http://", "http://[::1"} {
		_, err := transport.New(transport.Options{Proxy: p})
		require.Error(t, err, p)
		require.ErrorContains(t, err, "proxy")
	}
	for _, p := range []string{"proxy.corp:3128", "socks5://127.0.0.1:1080", "https://proxy.corp"} {
		_, err := transport.New(transport.Options{Proxy: p})
		require.NoError(t, err, p)
	}
}
