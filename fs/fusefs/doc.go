// Package fusefs is the thin go-fuse v2 adapter over fs/vfs that `cloudfs
// mount` serves: one small go-fuse interface per operation, each method a
// few lines that turn a node into a vfs.Path, call the VFS and map the
// error with fs.Errno (the one errno table).
//
// The tree is <mnt>/storage/<account>/<container>/<key as path>. The root
// takes more top-level trees (Tree) so that compute/, dns/ and lb/ can sit
// beside storage/ without changing this package.
package fusefs
