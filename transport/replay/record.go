package replay

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/transport"
)

// startRecording prepares dir: it is created if needed and its old *.http
// fixtures are removed, since the recording replaces them.
func (t *Transport) startRecording() error {
	if err := os.MkdirAll(t.dir, 0o755); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(t.dir, "*.http"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	if t.upstream == nil {
		base, err := transport.NewBaseTransport(transport.Options{})
		if err != nil {
			return err
		}
		t.upstream = base
	}
	return nil
}

// recordExchange forwards req upstream and writes the exchange as the next
// fixture. The caller gets the unscrubbed response.
func (t *Transport) recordExchange(req *http.Request, body []byte) (*http.Response, error) {
	out := req.Clone(req.Context())
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	resp, err := t.upstream.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("replay: reading response: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))

	t.mu.Lock()
	defer t.mu.Unlock()
	t.recorded++
	name := fmt.Sprintf("%03d-%s.http", t.recorded, req.Method)
	data := t.fixtureText(req, body, resp, respBody)
	if err := os.WriteFile(filepath.Join(t.dir, name), data, 0o644); err != nil {
		t.tb.Errorf("replay: %v", err)
		return nil, err
	}
	return resp, nil
}

// fixtureText renders one exchange in the fixture format, scrubbed.
func (t *Transport) fixtureText(req *http.Request, body []byte, resp *http.Response, respBody []byte) []byte {
	var b bytes.Buffer
	target := req.URL.EscapedPath()
	if q := transport.RedactQuery(req.URL.RawQuery); q != "" {
		target += "?" + q
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\n", req.Method, cleanPath(target))
	for _, name := range t.matchHeaders {
		name = http.CanonicalHeaderKey(name)
		for _, v := range req.Header.Values(name) {
			if transport.SecretHeader(name) {
				v = transport.Redacted
			}
			fmt.Fprintf(&b, "%s: %s\n", name, v)
		}
	}
	if t.matchBody {
		fmt.Fprintf(&b, "%s: %s\n", bodyHashHeader, sha256Hex(body))
	}
	reason := strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode)))
	fmt.Fprintf(&b, "\nHTTP/1.1 %d %s\n", resp.StatusCode, reason)

	scrubbed := scrubBody(respBody)
	h := transport.RedactHeader(resp.Header)
	h.Del("Transfer-Encoding")
	if req.Method != http.MethodHead {
		h.Set("Content-Length", fmt.Sprint(len(scrubbed)))
	}
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[name] {
			fmt.Fprintf(&b, "%s: %s\n", name, v)
		}
	}
	b.WriteString("\n")
	b.Write(scrubbed)
	if len(scrubbed) > 0 && !bytes.HasSuffix(scrubbed, []byte("\n")) {
		b.WriteString("\n") // Content-Length excludes it
	}
	return b.Bytes()
}

// Secret fields of response bodies (STS credentials, OAuth tokens), by
// element name in XML and by key in JSON.
var (
	secretXML  = regexp.MustCompile(`<(SecretAccessKey|SessionToken|SecretKey|Password|AccessToken|RefreshToken|ClientSecret)>[^<]*</`)
	secretJSON = regexp.MustCompile(`"((?i:secret_?access_?key|session_?token|access_token|refresh_token|id_token|client_secret|password|private_key))"(\s*:\s*)"(?:[^"\\]|\\.)*"`)
)

// scrubBody replaces the values of well-known secret fields in a response
// body. Other fields are kept, so pagination tokens still replay.
func scrubBody(b []byte) []byte {
	b = secretXML.ReplaceAll(b, []byte("<$1>"+transport.Redacted+"</"))
	return secretJSON.ReplaceAll(b, []byte(`"$1"$2"`+transport.Redacted+`"`))
}
