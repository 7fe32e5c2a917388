package transport

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpproxy"
)

// ProxyDirect is the Options.Proxy value that disables proxying.
const ProxyDirect = "direct"

// proxyFunc returns the http.Transport Proxy function for one client.
//
// An empty proxy reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (and their
// lower-case forms) now, when the client is built; noProxy, if set, replaces
// NO_PROXY. "direct" disables proxying. Any other value is the proxy for
// both http and https, bypassed for the hosts in noProxy.
//
// As with the environment, loopback targets ("localhost", 127.0.0.0/8,
// ::1) are never proxied.
func proxyFunc(proxy, noProxy string) (func(*http.Request) (*url.URL, error), error) {
	var cfg *httpproxy.Config
	switch proxy {
	case ProxyDirect:
		return nil, nil
	case "":
		cfg = httpproxy.FromEnvironment()
	default:
		if err := checkProxyURL(proxy); err != nil {
			return nil, err
		}
		cfg = &httpproxy.Config{HTTPProxy: proxy, HTTPSProxy: proxy}
	}
	if noProxy != "" {
		cfg.NoProxy = noProxy
	}
	fn := cfg.ProxyFunc()
	return func(r *http.Request) (*url.URL, error) { return fn(r.URL) }, nil
}

// checkProxyURL rejects a proxy setting that httpproxy would only reject at
// request time.
func checkProxyURL(proxy string) error {
	raw := proxy
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("transport: proxy %q: %w", proxy, err)
	}
	switch u.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return fmt.Errorf("transport: proxy %q: unsupported scheme %q", proxy, u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("transport: proxy %q: no host", proxy)
	}
	return nil
}
