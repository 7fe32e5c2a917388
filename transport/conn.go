package transport

import (
	"io"
	"net"
)

// tcpConn is a dialed TCP connection whose ReadFrom lets a request body
// write itself.
//
// net/http sends a body with a known Content-Length as
// io.Copy(conn, io.LimitReader(body, n)). The LimitedReader hides the
// body's WriterTo, so the bytes go through a 32 KiB buffer and out in
// 32 KiB writes: an extra copy of every uploaded byte and 32,000 write(2)s
// per GiB. A body that knows its length (Len) and writes itself (WriterTo,
// as bytes.Reader and the S3 driver's part bodies do) and fits the limit
// is given the connection instead. Anything else takes TCPConn's own
// ReadFrom (sendfile for files, splice for sockets, else the copy). Over
// TLS the body goes through the tls.Conn, which must copy to encrypt.
type tcpConn struct{ *net.TCPConn }

type lenWriterTo interface {
	io.WriterTo
	Len() int
}

func (c tcpConn) ReadFrom(r io.Reader) (int64, error) {
	if lr, ok := r.(*io.LimitedReader); ok {
		if b, ok := lr.R.(lenWriterTo); ok && int64(b.Len()) <= lr.N {
			n, err := b.WriteTo(c.TCPConn)
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
