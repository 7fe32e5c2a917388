package transport

import (
	"errors"
	"io"
	"net"
	"syscall"
)

// tcpConn is a dialed TCP connection whose ReadFrom lets a request body
// write itself.
//
// net/http sends a body with a known Content-Length as
// io.Copy(conn, io.LimitReader(body, n)). The LimitedReader hides the
// body's WriterTo, so the bytes go through a 32 KiB buffer and out in
// 32 KiB writes: an extra copy of every uploaded byte and 32,000 write(2)s
// per GiB. A body that writes itself (WriterTo, as bytes.Reader and the S3
// driver's part bodies do) is given the connection instead, capped at n
// bytes so a body longer than its Content-Length puts nothing extra on the
// wire. Files and sockets (syscall.Conn) keep TCPConn's own ReadFrom,
// which sends them with sendfile or splice. Over TLS the body goes through
// the tls.Conn, which must copy to encrypt.
type tcpConn struct{ *net.TCPConn }

func (c tcpConn) ReadFrom(r io.Reader) (int64, error) {
	if lr, ok := r.(*io.LimitedReader); ok {
		_, isFD := lr.R.(syscall.Conn)
		if wt, ok := lr.R.(io.WriterTo); ok && !isFD {
			n, err := wt.WriteTo(&capWriter{w: c.TCPConn, n: lr.N})
			lr.N -= n
			return n, err
		}
	}
	return c.TCPConn.ReadFrom(r)
}

// wrapTCP gives a dialed *net.TCPConn the ReadFrom above.
func wrapTCP(c net.Conn, err error) (net.Conn, error) {
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		return tcpConn{tc}, nil
	}
	return c, err
}

// errBodyTooLong is a body that wrote more than its Content-Length.
var errBodyTooLong = errors.New("transport: request body longer than its Content-Length")

// capWriter lets at most n bytes through: a body that writes more than it
// said never puts stray bytes on a kept-alive connection.
type capWriter struct {
	w io.Writer
	n int64
}

func (c *capWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > c.n {
		k, err := c.w.Write(p[:c.n])
		c.n -= int64(k)
		if err == nil {
			err = errBodyTooLong
		}
		return k, err
	}
	k, err := c.w.Write(p)
	c.n -= int64(k)
	return k, err
}
