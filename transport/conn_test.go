package transport

import (
	"bytes"
	"io"
	"net"
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

// TestTCPConnReadFromWritesBodyItself: a body within the limit that
// writes itself is sent by its own WriteTo, whole; one longer than the
// limit, or one that cannot, is copied (read) as net/http would.
func TestTCPConnReadFromWritesBodyItself(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	for _, tc := range []struct {
		name      string
		limit     int64
		writesTo  bool
		wantBytes int
	}{
		{"fits", int64(len(data)), true, len(data)},
		{"longer than the limit", int64(len(data)) - 1, false, len(data) - 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, got := tcpPair(t)
			body := &selfWriter{Reader: bytes.NewReader(data)}
			n, err := c.(io.ReaderFrom).ReadFrom(&io.LimitedReader{R: body, N: tc.limit})
			require.NoError(t, err)
			assert.EqualValues(t, tc.wantBytes, n)
			require.NoError(t, c.Close())
			assert.Equal(t, data[:tc.wantBytes], <-got)
			if tc.writesTo {
				assert.Equal(t, 1, body.writeTos)
				assert.Zero(t, body.reads, "no copy through a buffer")
			} else {
				assert.Zero(t, body.writeTos)
				assert.NotZero(t, body.reads)
			}
		})
	}
}
