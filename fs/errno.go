package fs

import (
	"errors"
	"syscall"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// errnoByKind is the one place where portable error kinds become errno
// values. Choices that are not obvious:
//   - Throttled and Transient give EIO, not EAGAIN: by the time an error
//     reaches the filesystem the transport has already retried with
//     backoff, and cp, rsync and editors treat EAGAIN on a blocking
//     regular file as a hard error anyway, with a less honest message.
//   - PreconditionFailed gives ESTALE: the object changed under an open
//     reader (its ETag no longer matches), which is what NFS calls a stale
//     handle. Reopen the file to read the new version.
//   - ResourceExhausted gives ENOSPC (a quota or size limit was hit).
//     Writes past the provider's object size limit get EFBIG from fs/vfs
//     directly, before the provider is asked.
var errnoByKind = [...]syscall.Errno{
	errs.Unknown:            syscall.EIO,
	errs.NotFound:           syscall.ENOENT,
	errs.AlreadyExists:      syscall.EEXIST,
	errs.InvalidArgument:    syscall.EINVAL,
	errs.PermissionDenied:   syscall.EACCES,
	errs.NotEmpty:           syscall.ENOTEMPTY,
	errs.Unimplemented:      syscall.ENOTSUP,
	errs.Throttled:          syscall.EIO,
	errs.Transient:          syscall.EIO,
	errs.Canceled:           syscall.EINTR,
	errs.PreconditionFailed: syscall.ESTALE,
	errs.DeadlineExceeded:   syscall.ETIMEDOUT,
	errs.ResourceExhausted:  syscall.ENOSPC,
}

// Errno maps an error to the errno a system call returns: 0 for nil, the
// table above for a classified error, the errno itself for a bare
// syscall.Errno (fs/vfs returns ENOTDIR, EISDIR, EXDEV, ... this way, and
// the local staging cache's I/O errors arrive this way), and EIO for
// anything else.
func Errno(err error) syscall.Errno {
	if err == nil {
		return 0
	}
	if k := errs.KindOf(err); k != errs.Unknown {
		if int(k) < len(errnoByKind) {
			return errnoByKind[k]
		}
		return syscall.EIO
	}
	var en syscall.Errno
	if errors.As(err, &en) && en != 0 {
		return en
	}
	return syscall.EIO
}
