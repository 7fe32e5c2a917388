// Package vfs is cloudfs's caching virtual filesystem over object
// storage: the layer `cloudfs mount` serves through the kernel, written
// and tested without the kernel (in the manner of rclone's vfs package).
// fs/fusefs adapts it to go-fuse; nothing else imports it.
//
// Names are Paths (account, container, key). Directories are key
// prefixes, with or without a "dir/" marker object; symlinks are
// rclone-compatible "name.rclonelink" objects whose content is the target.
//
// What it does, in one file per concept:
//   - metadata cache (meta.go): attributes from listings and Stats, kept
//     for a TTL and updated at once by the mount's own changes;
//   - lookups (lookup.go) and directory streams that fetch listing pages
//     lazily (dirstream.go);
//   - reads through adaptive, bounded, parallel read-ahead
//     (readahead.go, chunk.go, bufpool.go), handed to the kernel straight
//     from the chunk buffers (Handle.ReadShared), exact ranges for random
//     reads;
//   - writes streamed to the provider while they happen (stream.go), or
//     staged in a bounded local cache when they are not sequential
//     (stage.go), committed at the last writer's flush or at fsync
//     (commit.go);
//   - renames (rename.go), with the old name of a copied object deleted in
//     the background (deleter.go), directory operations, setattr, xattrs,
//     symlinks, statfs;
//   - chmod and utimes of closed files queued briefly, so that a rename
//     that follows stores them in its own copy (metaqueue.go);
//   - small new files with rsync's temporary names held at their close
//     and uploaded once, by their rename, to the final name (hold.go),
//     in the background with Options.WriteBack (writeback.go);
//   - a directory whose complete listing just went stale listed again
//     for the lookups that miss the cache (relist.go), and listings kept
//     apart from the mount's own metadata updates (listgate.go).
//
// Only reads are interruptible; every other call runs to completion (see
// mutation in vfs.go).
//
// docs/SEMANTICS.md is the user-facing statement of these semantics.
package vfs
