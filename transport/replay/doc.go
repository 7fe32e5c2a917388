// Package replay serves recorded HTTP exchanges from a testdata directory,
// so that drivers are tested offline, through their real code and the real
// retry layer, without mocking the driver. Driver tests build their client
// with
//
//	client, _ := transport.New(transport.Options{Base: replay.New(t, "testdata/list")})
//
// and hand it to the driver. Each exchange is one human-editable file
// NNN-METHOD.http: the request line and headers to match, a blank line, then
// the raw HTTP response. docs/TRANSPORT.md describes the format in full.
//
// With CLOUDFS_RECORD=1 (or the Record option) the same test talks to the
// real service instead and rewrites the directory, with Authorization,
// signatures, tokens and secret keys scrubbed.
package replay
