package transport

import (
	"crypto/x509"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestLayers checks how New composes the decorators.
func TestLayers(t *testing.T) {
	c, err := New(Options{})
	require.NoError(t, err)
	ua := c.Transport.(*userAgent)
	retry := ua.next.(*RetryTransport)
	require.Equal(t, DefaultMaxAttempts, retry.MaxAttempts)
	require.Equal(t, DefaultRetryDeadline, retry.Deadline)
	base := retry.Next.(*http.Transport) // no trace layer unless asked
	require.Zero(t, c.Timeout, "no overall timeout: bodies stream")

	require.True(t, base.ForceAttemptHTTP2)
	require.Equal(t, DefaultMaxIdleConnsPerHost, base.MaxIdleConnsPerHost)
	require.Equal(t, DefaultTLSHandshakeTimeout, base.TLSHandshakeTimeout)
	require.Equal(t, DefaultResponseHeaderTimeout, base.ResponseHeaderTimeout)
	require.Equal(t, DefaultIdleConnTimeout, base.IdleConnTimeout)

	c, err = New(Options{NoRetry: true, Debug: true, Base: http.DefaultTransport})
	require.NoError(t, err)
	tr := c.Transport.(*userAgent).next.(*trace)
	require.Equal(t, http.DefaultTransport, tr.next)
}

func TestWithDefaultsKeepsSettings(t *testing.T) {
	o := Options{ConnectTimeout: Duration(time.Second), MaxAttempts: 2}.withDefaults()
	require.Equal(t, Duration(time.Second), o.ConnectTimeout)
	require.Equal(t, 2, o.MaxAttempts)
	require.Equal(t, Duration(DefaultRetryBaseDelay), o.RetryBaseDelay)
}

// TestTLSRootsUntouchedByDefault: with no CAFile and no AWS_CA_BUNDLE,
// RootCAs stays nil, so crypto/x509 picks the system roots itself
// (SSL_CERT_FILE, SSL_CERT_DIR, or the bundled fallback).
func TestTLSRootsUntouchedByDefault(t *testing.T) {
	t.Setenv(EnvCABundle, "")
	cfg, err := tlsConfig(Options{})
	require.NoError(t, err)
	require.Nil(t, cfg.RootCAs)
	require.False(t, cfg.InsecureSkipVerify)
}

// TestTLSCABundleAddsToSystemRoots: AWS_CA_BUNDLE adds, CAFile replaces.
func TestTLSCABundleAddsToSystemRoots(t *testing.T) {
	sys, err := x509.SystemCertPool()
	require.NoError(t, err)
	bundle := "testdata/ca.pem"

	t.Setenv(EnvCABundle, bundle)
	cfg, err := tlsConfig(Options{})
	require.NoError(t, err)
	//lint:ignore SA1019 Subjects is fine for pools built from PEM.
	require.Len(t, cfg.RootCAs.Subjects(), len(sys.Subjects())+1)

	cfg, err = tlsConfig(Options{CAFile: bundle})
	require.NoError(t, err)
	//lint:ignore SA1019 as above
	require.Len(t, cfg.RootCAs.Subjects(), 1)
}
