package transport

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// trace logs each attempt's request and response at debug level, with
// secrets redacted. It never reads bodies.
type trace struct {
	next http.RoundTripper
	log  *slog.Logger // nil means slog.Default at the time of the request
}

var _ http.RoundTripper = (*trace)(nil)

// newTrace returns the trace layer for opts, or nil if tracing is off.
// Options.Trace, when set, turns it on and receives text records.
func newTrace(opts Options) *trace {
	switch {
	case opts.Trace != nil:
		return &trace{log: traceLogger(opts.Trace)}
	case opts.Debug:
		return &trace{}
	}
	return nil
}

func traceLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (t *trace) RoundTrip(req *http.Request) (*http.Response, error) {
	log := t.log
	if log == nil {
		log = slog.Default()
	}
	ctx := req.Context()
	if !log.Enabled(ctx, slog.LevelDebug) {
		return t.next.RoundTrip(req)
	}
	log.LogAttrs(ctx, slog.LevelDebug, "http request",
		slog.String("method", req.Method),
		slog.String("url", RedactURL(req.URL)),
		headerAttr(req.Header))
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	t.logResult(ctx, log, req, resp, err, time.Since(start))
	return resp, err
}

func (t *trace) logResult(ctx context.Context, log *slog.Logger, req *http.Request, resp *http.Response, err error, d time.Duration) {
	if err != nil {
		log.LogAttrs(ctx, slog.LevelDebug, "http error",
			slog.String("method", req.Method),
			slog.String("url", RedactURL(req.URL)),
			slog.Duration("duration", d),
			slog.String("error", err.Error()))
		return
	}
	log.LogAttrs(ctx, slog.LevelDebug, "http response",
		slog.String("method", req.Method),
		slog.String("url", RedactURL(req.URL)),
		slog.Int("status", resp.StatusCode),
		slog.Duration("duration", d),
		headerAttr(resp.Header))
}

// CloseIdleConnections forwards to the next transport.
func (t *trace) CloseIdleConnections() { closeIdle(t.next) }

// headerAttr renders redacted headers as a group, sorted by name.
func headerAttr(h http.Header) slog.Attr {
	red := RedactHeader(h)
	names := slices.Sorted(maps.Keys(red))
	attrs := make([]slog.Attr, 0, len(names))
	for _, k := range names {
		attrs = append(attrs, slog.String(k, strings.Join(red[k], ", ")))
	}
	return slog.Attr{Key: "header", Value: slog.GroupValue(attrs...)}
}
