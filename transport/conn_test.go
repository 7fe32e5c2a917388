package transport

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// selfWriter is a body that knows its length and writes itself, and
// counts how it was sent.
type selfWriter struct {
	*bytes.Reader
	writeTos, reads int
}

func (s *selfWriter) WriteTo(w io.Writer) (int64, error) { s.writeTos++; return s.Reader.WriteTo(w) }
func (s *selfWriter) Read(p []byte) (int, error)         { s.reads++; return s.Reader.Read(p) }

// tcpPair is a dialed, wrapped connection and what its peer receives.
func tcpPair(t *testing.T) (net.Conn, <-chan []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(c)
		c.Close()
		got <- b
	}()
	c, err := wrapTCP(net.Dial("tcp", ln.Addr().String()))
	require.NoError(t, err)
	_, ok := c.(tcpConn)
	require.True(t, ok, "a dialed TCP connection is wrapped")
	return c, got
}

// TestTCPConnReadFromWritesBodyItself: a body that writes itself is sent
// by its own WriteTo, whole, with no copy through a buffer; one that
// cannot is copied (read) as net/http would.
func TestTCPConnReadFromWritesBodyItself(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	t.Run("writes itself", func(t *testing.T) {
		c, got := tcpPair(t)
		body := &selfWriter{Reader: bytes.NewReader(data)}
		n, err := c.(io.ReaderFrom).ReadFrom(&io.LimitedReader{R: body, N: int64(len(data))})
		require.NoError(t, err)
		assert.EqualValues(t, len(data), n)
		require.NoError(t, c.Close())
		assert.Equal(t, data, <-got)
		assert.Equal(t, 1, body.writeTos)
		assert.Zero(t, body.reads, "no copy through a buffer")
	})
	t.Run("cannot", func(t *testing.T) {
		c, got := tcpPair(t)
		body := &selfWriter{Reader: bytes.NewReader(data)}
		n, err := c.(io.ReaderFrom).ReadFrom(&io.LimitedReader{R: struct{ io.Reader }{body}, N: int64(len(data))})
		require.NoError(t, err)
		assert.EqualValues(t, len(data), n)
		require.NoError(t, c.Close())
		assert.Equal(t, data, <-got)
		assert.Zero(t, body.writeTos)
		assert.NotZero(t, body.reads)
	})
}

// liar writes more than its Content-Length.
type liar struct{ data []byte }

func (l liar) Read(p []byte) (int, error)         { return 0, io.EOF }
func (l liar) WriteTo(w io.Writer) (int64, error) { n, err := w.Write(l.data); return int64(n), err }

// TestTCPConnReadFromCapsAtLimit: a body that writes more than the limit
// puts no more than the limit on the connection, and fails.
func TestTCPConnReadFromCapsAtLimit(t *testing.T) {
	c, got := tcpPair(t)
	n, err := c.(io.ReaderFrom).ReadFrom(&io.LimitedReader{R: liar{data: []byte("0123456789EXTRA")}, N: 10})
	assert.ErrorIs(t, err, errBodyTooLong)
	assert.EqualValues(t, 10, n)
	require.NoError(t, c.Close())
	assert.Equal(t, []byte("0123456789"), <-got)
}

// TestUploadThroughNetHTTP: a PUT through the transport's client sends a
// self-writing body by its WriteTo, whole, with no copy through a buffer
// (so a Go upgrade that stops reaching the connection's ReadFrom shows).
func TestUploadThroughNetHTTP(t *testing.T) {
	data := bytes.Repeat([]byte("cloudfs!"), 256<<10) // 2 MiB
	got := make(chan []byte, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer srv.Close()
	hc, err := New(Options{})
	require.NoError(t, err)
	body := &selfWriter{Reader: bytes.NewReader(data)}
	req, err := http.NewRequest(http.MethodPut, srv.URL+"/k", io.NopCloser(body))
	require.NoError(t, err)
	req.ContentLength = int64(len(data))
	resp, err := hc.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, data, <-got)
	assert.NotZero(t, body.writeTos)
	assert.Zero(t, body.reads, "no copy through net/http's buffer")
}
