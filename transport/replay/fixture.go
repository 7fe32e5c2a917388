package replay

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// bodyHashHeader is the directive in a fixture's request part that matches
// the hex SHA-256 of the request body. Other X-Replay- names are rejected.
const bodyHashHeader = "X-Replay-Body-Sha256"

// fixture is one recorded exchange.
type fixture struct {
	file string // base name, for messages

	// What a request must have to match.
	method  string
	host    string      // "" matches any host
	path    string      // decoded
	query   string      // canonical (see canonicalQuery)
	header  http.Header // every listed header must be equal
	bodySum string      // hex SHA-256, "" matches any body

	// The response served.
	status  int
	reason  string
	rheader http.Header
	body    []byte

	used bool
}

// parseFixture reads one fixture file. Leading blank lines and lines
// starting with '#' are comments.
func parseFixture(file string, data []byte) (*fixture, error) {
	f := &fixture{file: file}
	errf := func(format string, args ...any) error {
		return fmt.Errorf("replay: %s: %s", file, fmt.Sprintf(format, args...))
	}
	var line string
	for {
		var ok bool
		if line, data, ok = nextLine(data); !ok {
			return nil, errf("no request line")
		}
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			break
		}
	}
	if err := f.parseRequestLine(line); err != nil {
		return nil, errf("%v", err)
	}
	reqHeader, data, err := parseHeader(data)
	if err != nil {
		return nil, errf("request: %v", err)
	}
	if err := f.setMatchHeader(reqHeader); err != nil {
		return nil, errf("%v", err)
	}
	if line, data, _ = nextLine(data); line == "" {
		return nil, errf("no response status line after the request's blank line")
	}
	if err := f.parseStatusLine(line); err != nil {
		return nil, errf("%v", err)
	}
	if f.rheader, data, err = parseHeader(data); err != nil {
		return nil, errf("response: %v", err)
	}
	if f.body, err = fixtureBody(f.rheader, data); err != nil {
		return nil, errf("%v", err)
	}
	return f, nil
}

// parseRequestLine reads "METHOD target [HTTP/1.1]", where target is a
// path with query, or an absolute URL whose host must then match too.
func (f *fixture) parseRequestLine(line string) error {
	fields := strings.Fields(line)
	if len(fields) < 2 || len(fields) > 3 {
		return fmt.Errorf("bad request line %q: want METHOD /path?query HTTP/1.1", line)
	}
	u, err := url.ParseRequestURI(fields[1])
	if err != nil {
		return fmt.Errorf("bad request target %q: %v", fields[1], err)
	}
	f.method = strings.ToUpper(fields[0])
	f.host = u.Host
	f.path = cleanPath(u.Path)
	f.query = canonicalQuery(u.RawQuery)
	return nil
}

// setMatchHeader takes the request headers of a fixture: Host and the
// X-Replay- directives are set apart, the rest must match.
func (f *fixture) setMatchHeader(h http.Header) error {
	f.header = http.Header{}
	for name, vals := range h {
		switch {
		case name == "Host":
			f.host = vals[0]
		case name == bodyHashHeader:
			f.bodySum = strings.ToLower(vals[0])
		case strings.HasPrefix(name, "X-Replay-"):
			return fmt.Errorf("unknown directive %s (only %s exists)", name, bodyHashHeader)
		default:
			f.header[name] = vals
		}
	}
	return nil
}

// parseStatusLine reads "HTTP/1.1 200 OK"; the reason may be omitted.
func (f *fixture) parseStatusLine(line string) error {
	proto, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
	code, reason, _ := strings.Cut(rest, " ")
	status, err := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || status < 100 || status > 999 {
		return fmt.Errorf("bad status line %q: want HTTP/1.1 200 OK", line)
	}
	f.status, f.reason = status, reason
	return nil
}

// fixtureBody returns the response body: the rest of the file, or its first
// Content-Length bytes when the header is given (so a final newline added
// by an editor does not count).
func fixtureBody(h http.Header, rest []byte) ([]byte, error) {
	cl := h.Get("Content-Length")
	if cl == "" {
		return rest, nil
	}
	n, err := strconv.Atoi(cl)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("bad Content-Length %q", cl)
	}
	if n > len(rest) {
		// A HEAD response has a length but no body in the file.
		if len(bytes.TrimSpace(rest)) == 0 {
			return nil, nil
		}
		return nil, fmt.Errorf("Content-Length %d but the body has %d bytes", n, len(rest))
	}
	return rest[:n], nil
}

// parseHeader reads "Name: value" lines up to a blank line or the end.
func parseHeader(data []byte) (http.Header, []byte, error) {
	h := http.Header{}
	for {
		line, rest, ok := nextLine(data)
		if !ok || line == "" {
			return h, rest, nil
		}
		data = rest
		name, val, found := strings.Cut(line, ":")
		if !found || strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t") {
			return nil, nil, fmt.Errorf("bad header line %q", line)
		}
		h.Add(name, strings.TrimSpace(val))
	}
}

// nextLine splits off one line, without its "\n" or "\r\n".
func nextLine(data []byte) (line string, rest []byte, ok bool) {
	if len(data) == 0 {
		return "", nil, false
	}
	i := bytes.IndexByte(data, '\n')
	if i < 0 {
		return strings.TrimSuffix(string(data), "\r"), nil, true
	}
	return strings.TrimSuffix(string(data[:i]), "\r"), data[i+1:], true
}

func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
