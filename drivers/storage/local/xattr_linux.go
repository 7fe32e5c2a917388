//go:build linux

package local

import (
	"errors"
	"os"
	"syscall"
)

// xattrName holds the JSON-encoded meta of a file or marker directory.
const xattrName = "user.cloudfs.meta"

// getxattr returns the value, or nil if the file has none.
func getxattr(path string) ([]byte, error) {
	for {
		n, err := syscall.Getxattr(path, xattrName, nil)
		if errors.Is(err, syscall.ENODATA) {
			return nil, nil
		}
		if err != nil {
			return nil, &os.PathError{Op: "getxattr", Path: path, Err: err}
		}
		buf := make([]byte, n)
		n, err = syscall.Getxattr(path, xattrName, buf)
		if errors.Is(err, syscall.ERANGE) {
			continue // it grew in between
		}
		if errors.Is(err, syscall.ENODATA) {
			return nil, nil
		}
		if err != nil {
			return nil, &os.PathError{Op: "getxattr", Path: path, Err: err}
		}
		return buf[:n], nil
	}
}

func setxattr(path string, value []byte) error {
	if err := syscall.Setxattr(path, xattrName, value, 0); err != nil {
		return &os.PathError{Op: "setxattr", Path: path, Err: err}
	}
	return nil
}

// removexattr removes the value; a missing value or file is no error.
func removexattr(path string) error {
	err := syscall.Removexattr(path, xattrName)
	if err == nil || errors.Is(err, syscall.ENODATA) || errors.Is(err, syscall.ENOENT) {
		return nil
	}
	return &os.PathError{Op: "removexattr", Path: path, Err: err}
}

// tooBig reports whether err means the value does not fit in an xattr.
func tooBig(err error) bool {
	return errors.Is(err, syscall.E2BIG) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.ERANGE)
}

// xattrSupported probes dir's filesystem for user xattrs.
func xattrSupported(dir string) bool {
	f, err := os.CreateTemp(dir, ".cloudfs-probe-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	defer os.Remove(name)
	return syscall.Setxattr(name, xattrName, []byte("{}"), 0) == nil
}
