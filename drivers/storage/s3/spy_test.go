package s3

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/transport"
)

// spy is a network transport (transport.Options.Base) that records the
// S3 operations it carries, counts UploadParts in flight, and can fail
// requests on demand.
type spy struct {
	next http.RoundTripper

	mu  sync.Mutex
	ops []string // "PUT part", "POST uploads", ...
	// fail, if set, decides whether to fail a request with err.
	fail func(r *http.Request) error
	// alter, if set, may change a request before it is sent.
	alter func(r *http.Request)

	inFlight, peakInFlight atomic.Int64
}

func newSpy(t *testing.T) *spy {
	base, err := transport.NewBaseTransport(transport.Options{})
	require.NoError(t, err)
	t.Cleanup(base.CloseIdleConnections)
	return &spy{next: base}
}

// opName names an S3 request by method and sub-resource.
func opName(r *http.Request) string {
	q := r.URL.Query()
	switch {
	case q.Has("partNumber") && r.Header.Get("X-Amz-Copy-Source") != "":
		return r.Method + " part-copy"
	case q.Has("partNumber"):
		return r.Method + " part"
	case q.Has("uploads"):
		return r.Method + " uploads"
	case q.Has("uploadId"):
		return r.Method + " upload"
	case r.Header.Get("X-Amz-Copy-Source") != "":
		return r.Method + " copy"
	}
	return r.Method + " " + strings.TrimPrefix(q.Get("x-id"), "")
}

func (s *spy) RoundTrip(r *http.Request) (*http.Response, error) {
	op := opName(r)
	s.mu.Lock()
	s.ops = append(s.ops, op)
	fail, alter := s.fail, s.alter
	s.mu.Unlock()
	if alter != nil {
		alter(r)
	}
	if fail != nil {
		if err := fail(r); err != nil {
			if r.Body != nil {
				r.Body.Close()
			}
			return nil, err
		}
	}
	if op == "PUT part" {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for {
			old := s.peakInFlight.Load()
			if n <= old || s.peakInFlight.CompareAndSwap(old, n) {
				break
			}
		}
	}
	return s.next.RoundTrip(r)
}

// count returns how many requests were op.
func (s *spy) count(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, o := range s.ops {
		if o == op {
			n++
		}
	}
	return n
}

func (s *spy) reset() {
	s.mu.Lock()
	s.ops = nil
	s.mu.Unlock()
	s.peakInFlight.Store(0)
}
