package replay

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cloudfs/cloudfs/transport"
)

// EnvRecord names the environment variable that switches every replay
// Transport to record mode when set to "1".
const EnvRecord = "CLOUDFS_RECORD"

// Transport is an http.RoundTripper that answers from fixture files (or,
// in record mode, forwards to a real transport and writes them). Use it as
// transport.Options.Base, so the retry layer sits above it.
type Transport struct {
	tb  testing.TB
	dir string

	record       bool
	upstream     http.RoundTripper
	allowUnused  bool
	matchHeaders []string
	matchBody    bool

	mu       sync.Mutex
	fixtures []*fixture // replay mode, in file name order
	recorded int        // record mode, files written so far
}

var _ http.RoundTripper = (*Transport)(nil)

// Option configures New.
type Option func(*Transport)

// AllowUnused stops New from failing the test over fixtures that were never
// requested.
func AllowUnused() Option { return func(t *Transport) { t.allowUnused = true } }

// Record forces record mode on or off, whatever CLOUDFS_RECORD says.
func Record(on bool) Option { return func(t *Transport) { t.record = on } }

// Upstream sets the transport that record mode forwards to. The default is
// transport.NewBaseTransport with zero Options (proxies from the
// environment, system roots).
func Upstream(rt http.RoundTripper) Option { return func(t *Transport) { t.upstream = rt } }

// MatchHeaders makes record mode write these request headers into each
// fixture, so that replay matches on them too.
func MatchHeaders(names ...string) Option {
	return func(t *Transport) { t.matchHeaders = append(t.matchHeaders, names...) }
}

// MatchBody makes record mode write the request body's SHA-256 into each
// fixture (X-Replay-Body-Sha256), so that replay matches on it too.
func MatchBody() Option { return func(t *Transport) { t.matchBody = true } }

// New returns a Transport serving the fixtures in dir, or recording them
// there when CLOUDFS_RECORD=1 or Record(true). A request with no fixture
// fails the test; at cleanup, so does any fixture never used (unless
// AllowUnused). A fixture that does not parse fails the test at once.
func New(tb testing.TB, dir string, opts ...Option) *Transport {
	tb.Helper()
	t := &Transport{tb: tb, dir: dir, record: os.Getenv(EnvRecord) == "1"}
	for _, o := range opts {
		o(t)
	}
	if t.record {
		if err := t.startRecording(); err != nil {
			tb.Fatalf("replay: %v", err)
		}
		return t
	}
	fixtures, err := load(dir)
	if err != nil {
		tb.Fatalf("%v", err)
	}
	t.fixtures = fixtures
	tb.Cleanup(t.checkUnused)
	return t
}

// load parses every *.http file of dir, in name order.
func load(dir string) ([]*fixture, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.http"))
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("replay: %v (record fixtures with %s=1)", err, EnvRecord)
	}
	slices.Sort(files)
	var out []*fixture
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("replay: %v", err)
		}
		f, err := parseFixture(filepath.Base(path), data)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// RoundTrip serves the first unused fixture matching req, or records.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	if t.record {
		return t.recordExchange(req, body)
	}
	sum := sha256Hex(body)
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, f := range t.fixtures {
		if !f.used && f.matches(req, sum) {
			f.used = true
			return f.response(req), nil
		}
	}
	err = fmt.Errorf("replay: no fixture in %s for %s %s%s",
		t.dir, req.Method, transport.RedactURL(req.URL), t.unusedHint())
	t.tb.Errorf("%v", err)
	return nil, err
}

// unusedHint lists a few unused fixtures, to help spot a near miss.
func (t *Transport) unusedHint() string {
	var names []string
	for _, f := range t.fixtures {
		if !f.used {
			names = append(names, f.describe())
		}
	}
	if len(names) == 0 {
		return " (every fixture is used)"
	}
	if len(names) > 5 {
		names = append(names[:5], "...")
	}
	return "; unused: " + strings.Join(names, ", ")
}

// checkUnused fails the test for every fixture never served.
func (t *Transport) checkUnused() {
	if t.allowUnused {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var names []string
	for _, f := range t.fixtures {
		if !f.used {
			names = append(names, f.describe())
		}
	}
	if len(names) > 0 {
		t.tb.Errorf("replay: %d fixture(s) in %s never used: %s",
			len(names), t.dir, strings.Join(names, ", "))
	}
}

func (f *fixture) describe() string {
	target := f.path
	if f.query != "" {
		target += "?" + f.query
	}
	return fmt.Sprintf("%s (%s %s)", f.file, f.method, target)
}

// response builds a fresh *http.Response for req from f.
func (f *fixture) response(req *http.Request) *http.Response {
	h := f.rheader.Clone()
	h.Del("Transfer-Encoding")
	body := f.body
	length := int64(len(body))
	if req.Method == http.MethodHead || f.status == http.StatusNoContent || f.status == http.StatusNotModified {
		body = nil
		length, _ = strconv.ParseInt(h.Get("Content-Length"), 10, 64)
	} else {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	reason := f.reason
	if reason == "" {
		reason = http.StatusText(f.status)
	}
	return &http.Response{
		Status:        strconv.Itoa(f.status) + " " + reason,
		StatusCode:    f.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: length,
		Request:       req,
	}
}

// readBody reads and closes the request body (a RoundTripper must close
// it). Fixtures are small, so buffering is fine here.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("replay: reading request body: %w", err)
	}
	return b, nil
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
