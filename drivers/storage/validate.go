package storage

import (
	"strings"
	"unicode/utf8"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// MaxKeyLen is the longest key accepted, in bytes (S3's and GCS's limit).
const MaxKeyLen = 1024

func validContainer(op, name string) error {
	switch {
	case name == "":
		return errs.Errorf(errs.InvalidArgument, op, name, "empty container name")
	case strings.ContainsAny(name, "/\x00"):
		return errs.Errorf(errs.InvalidArgument, op, name, "container name may not contain '/' or NUL")
	case name == "." || name == "..":
		return errs.Errorf(errs.InvalidArgument, op, name, "container name may not be %q", name)
	}
	return nil
}

func validKey(op, container, key string) error {
	if err := validContainer(op, container); err != nil {
		return err
	}
	res := container + "/" + key
	switch {
	case key == "":
		return errs.Errorf(errs.InvalidArgument, op, res, "empty object key")
	case len(key) > MaxKeyLen:
		return errs.Errorf(errs.InvalidArgument, op, res, "key is %d bytes; the limit is %d", len(key), MaxKeyLen)
	case !utf8.ValidString(key):
		return errs.Errorf(errs.InvalidArgument, op, res, "key is not valid UTF-8")
	case strings.ContainsRune(key, 0):
		return errs.Errorf(errs.InvalidArgument, op, res, "key contains NUL")
	}
	return nil
}
