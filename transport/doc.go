// Package transport is the one HTTP layer of cloudfs. Every driver (storage,
// compute, lb, dns) gets its *http.Client from New and never builds one
// itself; the sync daemon reuses the retry decorator and Backoff. The config
// package fills Options from a global [transport] section merged (Merge)
// with each account's own.
//
// A client is layered, outermost first:
//
//	http.Client (redirect policy)
//	  userAgent  adds "cloudfs/<Version>"
//	  RetryTransport  backoff on 429/5xx and connection faults
//	    trace  debug log of each attempt, secrets redacted
//	      base  the tuned *http.Transport (proxy, TLS, timeouts, keep-alive),
//	            or Options.Base (e.g. a replay.Transport in tests)
//
// The sub-package replay serves recorded HTTP exchanges from testdata so
// drivers are tested offline under the real retry layer.
//
// Importing this package installs Mozilla's root set (via
// golang.org/x/crypto/x509roots/fallback) for machines that have no system
// roots; where the system has roots, they are used as usual.
package transport
