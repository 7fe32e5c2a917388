package transport

import (
	"context"
	"net"
	"net/http"
	"time"
)

// New returns the persistent HTTP client for one account. Build it once per
// driver instance and share it: connections are kept alive and reused.
//
// The client has no overall timeout, since bodies may stream for hours;
// bound a call with its context. Errors are configuration errors (a bad
// proxy URL, an unreadable CA or client certificate).
func New(opts Options) (*http.Client, error) {
	opts = opts.withDefaults()
	base := opts.Base
	if base == nil {
		t, err := NewBaseTransport(opts)
		if err != nil {
			return nil, err
		}
		base = t
	}
	var rt http.RoundTripper = base
	if tr := newTrace(opts); tr != nil {
		tr.next = rt
		rt = tr
	}
	if !opts.NoRetry && opts.MaxAttempts > 1 {
		rt = &RetryTransport{
			Next:        rt,
			MaxAttempts: opts.MaxAttempts,
			Deadline:    time.Duration(opts.RetryDeadline),
			BaseDelay:   time.Duration(opts.RetryBaseDelay),
			MaxDelay:    time.Duration(opts.RetryMaxDelay),
		}
	}
	rt = &userAgent{next: rt, ua: userAgentString(opts.UserAgent)}
	return &http.Client{
		Transport:     rt,
		CheckRedirect: redirectPolicy(opts.FollowRedirects),
	}, nil
}

// NewBaseTransport returns the tuned network transport New puts at the
// bottom of a client: proxy, TLS, timeouts and keep-alive from opts, with no
// retry, trace or User-Agent layer. replay uses it to record.
func NewBaseTransport(opts Options) (*http.Transport, error) {
	opts = opts.withDefaults()
	proxy, err := proxyFunc(opts.Proxy, opts.NoProxy)
	if err != nil {
		return nil, err
	}
	tlsCfg, err := tlsConfig(opts)
	if err != nil {
		return nil, err
	}
	return &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialer(opts),
		TLSClientConfig:       tlsCfg,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   DefaultMaxIdleConnsPerHost,
		IdleConnTimeout:       time.Duration(opts.IdleConnTimeout),
		TLSHandshakeTimeout:   time.Duration(opts.TLSHandshakeTimeout),
		ResponseHeaderTimeout: time.Duration(opts.ResponseHeaderTimeout),
		ExpectContinueTimeout: time.Second,
		// A small PUT's headers and a 4 KiB body leave in one write(2),
		// not two (the default 4 KiB buffer splits them); bigger bodies
		// still go straight to the socket after the first 16 KiB. Each
		// connection keeps its buffer: 4 MiB for 256 idle connections.
		WriteBufferSize: 16 << 10,
	}, nil
}

// dialer returns the DialContext for opts: a net.Dialer with the connect
// timeout, or opts.DialContext bounded by that timeout.
func dialer(opts Options) func(ctx context.Context, network, addr string) (net.Conn, error) {
	timeout := time.Duration(opts.ConnectTimeout)
	if opts.DialContext == nil {
		d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
		return func(ctx context.Context, network, addr string) (net.Conn, error) {
			return wrapTCP(d.DialContext(ctx, network, addr))
		}
	}
	custom := opts.DialContext
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return wrapTCP(custom(ctx, network, addr))
	}
}
