package s3

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The transport's retry layer re-sends a body only through req.GetBody,
// which the SDK never sets: it hands net/http a one-shot wrapper around the
// operation's stream. Every body this driver sends is seekable (a part
// buffer in a bytes.Reader, or the SDK's serialised XML), so stashBody
// remembers the stream after signing and httpClient.Do turns it into
// GetBody. Bodies that cannot seek are sent once, without retry.

// rewindKey carries a *rewinder from stashBody to httpClient.Do on the
// request's context.
type rewindKey struct{}

// stashBody is the last Finalize middleware, after signing.
type stashBody struct{}

func (stashBody) ID() string { return "cloudfs.StashBody" }

func (stashBody) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
	middleware.FinalizeOutput, middleware.Metadata, error,
) {
	if req, ok := in.Request.(*smithyhttp.Request); ok && req.IsStreamSeekable() {
		if s, ok := req.GetStream().(io.ReadSeeker); ok {
			if start, err := s.Seek(0, io.SeekCurrent); err == nil {
				ctx = context.WithValue(ctx, rewindKey{}, &rewinder{s: s, start: start})
			}
		}
	}
	return next.HandleFinalize(ctx, in)
}

// addStashBody puts stashBody at the end of the Finalize step.
func addStashBody(stack *middleware.Stack) error {
	return stack.Finalize.Add(stashBody{}, middleware.After)
}

// rewinder hands out bodies over one seekable stream, one attempt at a
// time. Handing out a new body closes the previous one first; net/http may
// still be reading an old attempt's body after RoundTrip returns, and a
// closed body reads nothing more, so attempts never interleave.
type rewinder struct {
	mu    sync.Mutex
	s     io.ReadSeeker
	start int64
	cur   *rewoundBody
}

// body returns the stream from its start as a fresh body.
func (r *rewinder) body() (io.ReadCloser, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur != nil {
		r.cur.closed = true
	}
	if _, err := r.s.Seek(r.start, io.SeekStart); err != nil {
		return nil, err
	}
	r.cur = &rewoundBody{r: r}
	return r.cur, nil
}

// rewoundBody is one attempt's view of the stream.
type rewoundBody struct {
	r      *rewinder
	closed bool // guarded by r.mu
}

var errBodyClosed = errors.New("s3: request body closed")

func (b *rewoundBody) Read(p []byte) (int, error) {
	b.r.mu.Lock()
	defer b.r.mu.Unlock()
	if b.closed {
		return 0, errBodyClosed
	}
	return b.r.s.Read(p)
}

func (b *rewoundBody) Close() error {
	b.r.mu.Lock()
	b.closed = true
	b.r.mu.Unlock()
	return nil
}

// withGetBody gives req a rewindable body and GetBody when stashBody found
// a seekable stream for it.
func withGetBody(req *http.Request) error {
	rw, ok := req.Context().Value(rewindKey{}).(*rewinder)
	if !ok || req.Body == nil || req.Body == http.NoBody || req.GetBody != nil {
		return nil
	}
	body, err := rw.body()
	if err != nil {
		return err
	}
	_ = req.Body.Close() // the SDK's one-shot wrapper, unused from here on
	req.Body = body
	req.GetBody = rw.body
	return nil
}

// partReader is a part's body: a bytes.Reader that can also hand out its
// bytes in place, so rewoundBody.WriteTo sends them without a copy. The
// readers of one part's attempts (again) share its accounting: how many
// slices are being written, and whether the part is over.
type partReader struct {
	*bytes.Reader
	b     []byte
	state *partState
}

type partState struct {
	mu       sync.Mutex
	done     bool // the part returned: no more slices
	inflight int  // slices handed out and still being written
}

func newPartReader(b []byte) *partReader {
	return &partReader{Reader: bytes.NewReader(b), b: b, state: &partState{}}
}

// again is a reader of the same part from its start, with its own
// position, for another attempt (the region redirect in do).
func (p *partReader) again() *partReader {
	return &partReader{Reader: bytes.NewReader(p.b), b: p.b, state: p.state}
}

// take returns up to n of the unread bytes and moves past them; written
// must follow once they are written. ok is false once the part is over.
func (p *partReader) take(n int) (chunk []byte, ok bool) {
	p.state.mu.Lock()
	defer p.state.mu.Unlock()
	if p.state.done {
		return nil, false
	}
	pos := len(p.b) - p.Len()
	chunk = p.b[pos:min(pos+n, len(p.b))]
	_, _ = p.Seek(int64(len(chunk)), io.SeekCurrent)
	p.state.inflight++
	return chunk, true
}

func (p *partReader) written() {
	p.state.mu.Lock()
	p.state.inflight--
	p.state.mu.Unlock()
}

// release ends the part and reports whether its buffer may be reused: not
// if an abandoned attempt is still writing a slice of it (net/http may
// go on writing a body after its request returned), in which case the
// buffer is left to the garbage collector.
func (p *partReader) release() bool {
	p.state.mu.Lock()
	defer p.state.mu.Unlock()
	p.state.done = true
	return p.state.inflight == 0
}

// writeToChunk is how much of a part WriteTo writes between checks that
// the attempt is still current.
const writeToChunk = 1 << 20

// WriteTo sends the rest of the body to w. A part's bytes go straight from
// its buffer, a slice at a time, rather than through net/http's 32 KiB
// copy buffer. Each slice is written outside the lock (the bytes do not
// change while the part is in flight: release keeps the buffer from the
// pool while a slice is out); a body closed meanwhile (a newer attempt
// took over) stops at the next slice.
func (b *rewoundBody) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		b.r.mu.Lock()
		if b.closed {
			b.r.mu.Unlock()
			return total, errBodyClosed
		}
		p, ok := b.r.s.(*partReader)
		if !ok {
			b.r.mu.Unlock()
			n, err := io.Copy(w, struct{ io.Reader }{b})
			return total + n, err
		}
		chunk, ok := p.take(writeToChunk)
		b.r.mu.Unlock()
		if !ok {
			return total, errBodyClosed
		}
		if len(chunk) == 0 {
			p.written()
			return total, nil
		}
		n, err := w.Write(chunk)
		p.written()
		total += int64(n)
		switch {
		case err != nil:
			return total, err
		case n < len(chunk):
			return total, io.ErrShortWrite
		}
	}
}
