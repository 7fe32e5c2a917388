package transport

import (
	"os"
	"time"
)

// Defaults applied by New to zero fields of Options.
const (
	DefaultConnectTimeout        = 10 * time.Second
	DefaultTLSHandshakeTimeout   = 10 * time.Second
	DefaultResponseHeaderTimeout = 60 * time.Second
	DefaultIdleConnTimeout       = 90 * time.Second
	DefaultMaxAttempts           = 5
	DefaultRetryDeadline         = 2 * time.Minute
	DefaultRetryBaseDelay        = 100 * time.Millisecond
	DefaultRetryMaxDelay         = 10 * time.Second
	// DefaultMaxIdleConnsPerHost suits S3 multipart, which runs many
	// parallel connections to one host.
	DefaultMaxIdleConnsPerHost = 32
	// MaxRedirects is how many redirects a client follows per request.
	MaxRedirects = 10
)

// withDefaults returns o with every zero duration and count filled in, and
// Debug turned on by CLOUDFS_DEBUG=1.
func (o Options) withDefaults() Options {
	def := func(d *Duration, v time.Duration) {
		if *d <= 0 {
			*d = Duration(v)
		}
	}
	def(&o.ConnectTimeout, DefaultConnectTimeout)
	def(&o.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout)
	def(&o.ResponseHeaderTimeout, DefaultResponseHeaderTimeout)
	def(&o.IdleConnTimeout, DefaultIdleConnTimeout)
	def(&o.RetryDeadline, DefaultRetryDeadline)
	def(&o.RetryBaseDelay, DefaultRetryBaseDelay)
	def(&o.RetryMaxDelay, DefaultRetryMaxDelay)
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if os.Getenv("CLOUDFS_DEBUG") == "1" {
		o.Debug = true
	}
	return o
}
