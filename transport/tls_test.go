package transport_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/cloudfs/cloudfs/transport"
	"github.com/stretchr/testify/require"
)

func TestTLSUnknownAuthorityByDefault(t *testing.T) {
	t.Setenv(transport.EnvCABundle, "")
	srv := newTLSServer(t, newCA(t, "private"), hello, nil)
	c := newClient(t, transport.Options{})

	_, err := c.Get(srv.URL)
	var unknown x509.UnknownAuthorityError
	require.ErrorAs(t, err, &unknown)
}

func TestTLSCAFile(t *testing.T) {
	t.Setenv(transport.EnvCABundle, "")
	ca := newCA(t, "private")
	srv := newTLSServer(t, ca, hello, nil)
	c := newClient(t, transport.Options{CAFile: ca.pemPath})

	code, body := get(t, c, srv.URL)
	require.Equal(t, 200, code)
	require.Equal(t, "hello", body)
}

func TestTLSCAFileReplacesOtherRoots(t *testing.T) {
	trusted, other := newCA(t, "trusted"), newCA(t, "other")
	t.Setenv(transport.EnvCABundle, other.pemPath) // not consulted: CAFile wins
	srv := newTLSServer(t, other, hello, nil)
	c := newClient(t, transport.Options{CAFile: trusted.pemPath})

	_, err := c.Get(srv.URL)
	var unknown x509.UnknownAuthorityError
	require.ErrorAs(t, err, &unknown)
}

func TestTLSAWSCABundle(t *testing.T) {
	ca := newCA(t, "private")
	t.Setenv(transport.EnvCABundle, ca.pemPath)
	srv := newTLSServer(t, ca, hello, nil)
	c := newClient(t, transport.Options{})

	code, _ := get(t, c, srv.URL)
	require.Equal(t, 200, code)
}

func TestTLSCAFileWithoutCertificate(t *testing.T) {
	garbage := filepath.Join(t.TempDir(), "garbage.pem")
	require.NoError(t, os.WriteFile(garbage, []byte("not a certificate\n"), 0o600))

	_, err := transport.New(transport.Options{CAFile: garbage})
	require.ErrorContains(t, err, garbage)
	require.ErrorContains(t, err, "no PEM certificate")

	t.Setenv(transport.EnvCABundle, garbage)
	_, err = transport.New(transport.Options{})
	require.ErrorContains(t, err, transport.EnvCABundle)
	require.ErrorContains(t, err, garbage)

	_, err = transport.New(transport.Options{CAFile: filepath.Join(t.TempDir(), "missing.pem")})
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestTLSClientCertificate(t *testing.T) {
	t.Setenv(transport.EnvCABundle, "")
	serverCA, clientCA := newCA(t, "server"), newCA(t, "client")
	pool := x509.NewCertPool()
	pool.AddCert(clientCA.cert)
	srv := newTLSServer(t, serverCA, hello, func(s *httptest.Server) {
		s.TLS.ClientAuth = tls.RequireAndVerifyClientCert
		s.TLS.ClientCAs = pool
		s.Config.ErrorLog = quietLog()
	})

	without := newClient(t, transport.Options{CAFile: serverCA.pemPath})
	_, err := without.Get(srv.URL)
	require.Error(t, err)

	leaf := clientCA.issue(t, true)
	with := newClient(t, transport.Options{CAFile: serverCA.pemPath, ClientCert: leaf.certPath, ClientKey: leaf.keyPath})
	code, _ := get(t, with, srv.URL)
	require.Equal(t, 200, code)
}

func TestTLSClientCertificateErrors(t *testing.T) {
	_, err := transport.New(transport.Options{ClientCert: "only-cert.pem"})
	require.ErrorContains(t, err, "client_cert and client_key")

	_, err = transport.New(transport.Options{ClientCert: "missing.pem", ClientKey: "missing.key"})
	require.ErrorContains(t, err, "missing.pem")
}

func TestTLSInsecureSkipVerifyWarns(t *testing.T) {
	t.Setenv(transport.EnvCABundle, "")
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })

	srv := newTLSServer(t, newCA(t, "private"), hello, nil)
	c := newClient(t, transport.Options{InsecureSkipVerify: true})
	require.Contains(t, logs.String(), "level=WARN")
	require.Contains(t, logs.String(), "VERIFICATION IS DISABLED")

	code, _ := get(t, c, srv.URL)
	require.Equal(t, 200, code)
}

// TestTLSHTTP2 checks that a TLS client negotiates HTTP/2 when the server
// offers it, despite the custom TLS configuration.
func TestTLSHTTP2(t *testing.T) {
	ca := newCA(t, "private")
	srv := newTLSServer(t, ca, hello, func(s *httptest.Server) { s.EnableHTTP2 = true })
	c := newClient(t, transport.Options{CAFile: ca.pemPath})
	resp, err := c.Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 2, resp.ProtoMajor)
}
