// Package fs is the root of cloudfs's FUSE filesystem (`cloudfs mount`).
// It holds what the layers below share: the one table that maps the
// portable error kinds of drivers/errs to errno values (Errno).
//
// The filesystem itself lives in two sub-packages, in rclone's manner:
//   - fs/vfs is a caching virtual filesystem over *storage.Account that
//     knows nothing of the kernel and is tested without it: lookups,
//     streamed directory listings, read-ahead, streamed and staged writes,
//     renames, metadata.
//   - fs/fusefs is a thin go-fuse v2 adapter over fs/vfs, one small
//     interface per operation, plus Mount.
//
// cmd/cloudfs (mount, unmount) is the only user of fs/fusefs.
package fs
