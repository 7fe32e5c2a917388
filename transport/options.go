package transport

import (
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

// Options configures one HTTP client. The zero value is the secure default:
// proxies from the environment, redirects followed, TLS verified against the
// system roots, retries on, no trace. Config files fill it in per account on
// top of a global section (see Merge).
type Options struct {
	// Proxy is a proxy URL for every request of this client ("http://h:p",
	// "socks5://h:p"). Empty means HTTP_PROXY/HTTPS_PROXY/NO_PROXY from the
	// environment; "direct" means no proxy even if the environment sets one.
	Proxy string `toml:"proxy"`
	// NoProxy lists hosts (comma separated, NO_PROXY syntax) that bypass Proxy.
	NoProxy string `toml:"no_proxy"`

	// FollowRedirects turns redirect following off when set to false.
	// nil means the default (on).
	FollowRedirects *bool `toml:"follow_redirects"`

	// CAFile is a PEM bundle of one or more CA certificates trusted instead
	// of the system roots.
	CAFile string `toml:"ca_file"`
	// ClientCert and ClientKey are PEM files for TLS client authentication.
	ClientCert string `toml:"client_cert"`
	ClientKey  string `toml:"client_key"`
	// InsecureSkipVerify disables TLS verification. It is logged loudly.
	InsecureSkipVerify bool `toml:"insecure_skip_verify"`

	ConnectTimeout        Duration `toml:"connect_timeout"`
	TLSHandshakeTimeout   Duration `toml:"tls_handshake_timeout"`
	ResponseHeaderTimeout Duration `toml:"response_header_timeout"`
	IdleConnTimeout       Duration `toml:"idle_timeout"`

	// MaxAttempts bounds tries per request (1 disables retries; 0 = default).
	MaxAttempts int `toml:"max_attempts"`
	// RetryDeadline bounds the total time spent retrying one request.
	RetryDeadline Duration `toml:"retry_deadline"`
	// NoRetry disables the retry layer, for drivers whose SDK retries itself.
	NoRetry bool `toml:"-"`

	// Debug logs every request and response with secrets redacted. The
	// CLOUDFS_DEBUG=1 environment variable turns it on for every client.
	Debug bool `toml:"debug"`

	// UserAgent overrides "cloudfs/<version>".
	UserAgent string `toml:"user_agent"`

	// RetryBaseDelay and RetryMaxDelay shape the exponential backoff
	// (defaults 100ms and 10s). Tests set them tiny.
	RetryBaseDelay Duration `toml:"retry_base_delay"`
	RetryMaxDelay  Duration `toml:"retry_max_delay"`

	// Trace receives the debug trace as text instead of slog.Default.
	// Setting it turns the trace on.
	Trace io.Writer `toml:"-"`

	// Base replaces the network transport under the retry, trace and
	// User-Agent layers, e.g. with a replay.Transport in tests. When set,
	// the proxy, TLS, timeout and dial settings do not apply.
	Base http.RoundTripper `toml:"-"`

	// DialContext replaces the dialer (connect_timeout still bounds it),
	// e.g. to reach a test server under a name that is not "localhost".
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error) `toml:"-"`
}

// Duration is a time.Duration that reads "30s" style strings from config.
type Duration time.Duration

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }
