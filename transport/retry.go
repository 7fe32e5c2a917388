package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"syscall"
	"time"
)

// RetryTransport is the retry decorator New installs. It retries a request
// on 429, 500, 502, 503 and 504 and on connection resets, refused
// connections and unexpected EOFs, waiting Backoff or the server's
// Retry-After between attempts.
//
// Only requests that are safe to repeat are retried: GET, HEAD, PUT,
// DELETE and OPTIONS, and any request with an Idempotency-Key or
// X-Idempotent header; WithRetry on the request's context overrides that
// either way. A request body can be re-sent only through req.GetBody, so a
// request with a body and no GetBody is never retried.
//
// Retrying stops after MaxAttempts attempts, or when the next wait would
// end after Deadline (counted from the first attempt) or after the
// context's deadline; the last response or error is then returned as is.
// The response of a discarded attempt is drained and closed. The zero value
// of every field means its default.
type RetryTransport struct {
	Next        http.RoundTripper // nil means http.DefaultTransport
	MaxAttempts int               // DefaultMaxAttempts
	Deadline    time.Duration     // DefaultRetryDeadline
	BaseDelay   time.Duration     // DefaultRetryBaseDelay
	MaxDelay    time.Duration     // DefaultRetryMaxDelay
}

var _ http.RoundTripper = (*RetryTransport)(nil)

type retryKey struct{}

// WithRetry returns a context that forces retries on or off for requests
// made with it, whatever their method. The S3 driver uses it for the
// multipart-complete POST, which is safe to repeat.
func WithRetry(ctx context.Context, retry bool) context.Context {
	return context.WithValue(ctx, retryKey{}, retry)
}

// RoundTrip sends req, retrying as described on RetryTransport.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.Next
	if next == nil {
		next = http.DefaultTransport
	}
	if !canRetry(req) {
		return next.RoundTrip(req)
	}
	ctx := req.Context()
	deadline := time.Now().Add(orDefault(t.Deadline, DefaultRetryDeadline))
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	attempts := t.MaxAttempts
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	for n := 1; ; n++ {
		r, err := rewind(req, n)
		if err != nil {
			return nil, err
		}
		resp, err := next.RoundTrip(r)
		if n >= attempts || ctx.Err() != nil || !transient(resp, err) {
			return resp, err
		}
		wait := Backoff(n-1, orDefault(t.BaseDelay, DefaultRetryBaseDelay), orDefault(t.MaxDelay, DefaultRetryMaxDelay))
		if resp != nil {
			if d, ok := RetryAfter(resp.Header, time.Now()); ok {
				wait = d
			}
		}
		if time.Now().Add(wait).After(deadline) {
			return resp, err
		}
		discard(resp)
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// CloseIdleConnections forwards to the next transport, so that
// http.Client.CloseIdleConnections works through the decorator.
func (t *RetryTransport) CloseIdleConnections() { closeIdle(t.Next) }

// canRetry reports whether req may be sent more than once.
func canRetry(req *http.Request) bool {
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return false
	}
	if force, ok := req.Context().Value(retryKey{}).(bool); ok {
		return force
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return req.Header.Get("Idempotency-Key") != "" || req.Header.Get("X-Idempotent") != ""
}

// rewind returns the request for attempt n: req itself first, then a clone
// with a fresh body from GetBody.
func rewind(req *http.Request, n int) (*http.Request, error) {
	if n == 1 {
		return req, nil
	}
	r := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	return r, nil
}

// transient reports whether an attempt's outcome is worth retrying.
func transient(resp *http.Response, err error) bool {
	if err != nil {
		return errors.Is(err, syscall.ECONNRESET) ||
			errors.Is(err, syscall.ECONNREFUSED) ||
			errors.Is(err, syscall.EPIPE) ||
			errors.Is(err, io.EOF) ||
			errors.Is(err, io.ErrUnexpectedEOF)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// discard drains a little of a dropped response, so its connection can be
// reused, and closes it.
func discard(resp *http.Response) {
	if resp == nil {
		return
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// closeIdle calls CloseIdleConnections on rt if it has one.
func closeIdle(rt http.RoundTripper) {
	if rt == nil {
		rt = http.DefaultTransport
	}
	if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
