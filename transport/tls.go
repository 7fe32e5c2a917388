package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"

	// Mozilla's roots, used only on machines with no system roots.
	_ "golang.org/x/crypto/x509roots/fallback"
)

// EnvCABundle names the environment variable whose PEM bundle is added to
// the system roots of every client without a CAFile, as the AWS tools do.
const EnvCABundle = "AWS_CA_BUNDLE"

// tlsConfig builds the client TLS configuration for opts.
//
// Roots: CAFile replaces the system roots; otherwise AWS_CA_BUNDLE, if set,
// is added to them; otherwise RootCAs stays nil so crypto/x509 uses the
// system roots (honouring SSL_CERT_FILE and SSL_CERT_DIR) or, on a machine
// without any, the bundled fallback set.
func tlsConfig(opts Options) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	switch {
	case opts.CAFile != "":
		pool := x509.NewCertPool()
		if err := appendPEMFile(pool, opts.CAFile); err != nil {
			return nil, fmt.Errorf("transport: ca_file: %w", err)
		}
		cfg.RootCAs = pool
	case os.Getenv(EnvCABundle) != "":
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if err := appendPEMFile(pool, os.Getenv(EnvCABundle)); err != nil {
			return nil, fmt.Errorf("transport: %s: %w", EnvCABundle, err)
		}
		cfg.RootCAs = pool
	}
	cert, err := clientCertificate(opts.ClientCert, opts.ClientKey)
	if err != nil {
		return nil, err
	}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{*cert}
	}
	if opts.InsecureSkipVerify {
		slog.Warn("transport: TLS CERTIFICATE VERIFICATION IS DISABLED (insecure_skip_verify); " +
			"any server can impersonate the provider and read your credentials and data")
		cfg.InsecureSkipVerify = true
	}
	return cfg, nil
}

// appendPEMFile adds every certificate in the PEM file to pool. A file with
// no certificate at all is an error naming the file.
func appendPEMFile(pool *x509.CertPool, path string) error {
	pem, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("%s: no PEM certificate found", path)
	}
	return nil
}

// clientCertificate loads the client key pair, or returns nil if neither
// file is configured.
func clientCertificate(certFile, keyFile string) (*tls.Certificate, error) {
	switch {
	case certFile == "" && keyFile == "":
		return nil, nil
	case certFile == "" || keyFile == "":
		return nil, errors.New("transport: client_cert and client_key must be set together")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("transport: client certificate %s / %s: %w", certFile, keyFile, err)
	}
	return &cert, nil
}
