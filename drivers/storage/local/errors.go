package local

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// mapErr classifies an error from the os package.
func mapErr(op, res string, err error) error {
	if err == nil {
		return nil
	}
	var k errs.Kind
	switch {
	case errs.KindOf(err) != errs.Unknown:
		return errs.Wrap(err, op, res)
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		k = errs.NotFound
	case errors.Is(err, fs.ErrExist):
		k = errs.AlreadyExists
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		k = errs.PermissionDenied
	case errors.Is(err, syscall.ENOTEMPTY):
		k = errs.NotEmpty
	case errors.Is(err, syscall.ENAMETOOLONG), errors.Is(err, syscall.EINVAL):
		k = errs.InvalidArgument
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT), errors.Is(err, syscall.EFBIG):
		k = errs.ResourceExhausted
	case errors.Is(err, syscall.EINTR), errors.Is(err, syscall.EAGAIN):
		k = errs.Transient
	}
	return errs.E(k, op, res, err)
}

func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
