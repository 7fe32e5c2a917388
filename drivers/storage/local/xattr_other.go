//go:build !linux

package local

import "errors"

// Elsewhere than Linux the standard library has no xattr calls, so the
// driver keeps metadata in sidecar files.

var errNoXattr = errors.New("xattrs are not supported on this platform")

func getxattr(string) ([]byte, error) { return nil, errNoXattr }
func setxattr(string, []byte) error   { return errNoXattr }
func removexattr(string) error        { return nil }
func tooBig(error) bool               { return false }
func xattrSupported(string) bool      { return false }
