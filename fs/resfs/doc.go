// Package resfs shows compute, DNS and load-balancer accounts as files in
// the mount, beside storage/: compute/<account>/nodes/<name>.json,
// dns/<account>/<zone>/records, lb/<account>/balancers/<name>.json and
// the rest of the tree in docs/SEMANTICS.md ("Resource files").
// cmd/cloudfs (mount) is its only user: it builds the trees with Open and
// hands them to fs/fusefs through fusefs.Options.Trees.
//
// The design is one small generic "resource file" and a kind adapter per
// resource type:
//
//   - A writable folder (nodes/, volumes/, keypairs/, balancers/, a zone's
//     folder) is a resDir over a folder, which lists its files and maps a
//     file name to a kind and a resource name.
//   - A kind (nodes, volumes, key pairs, balancers, records, zone.json)
//     has get, create, update(base, new) and remove. update gets the
//     content the writer opened as its base, so a change that someone
//     else made since then is detected (errs.PreconditionFailed, ESTALE)
//     instead of silently undone, and validates the whole change before
//     its first provider call.
//   - Opening a resource file reads the provider afresh; writes go to a
//     buffer in memory (bounded); flush (close) and fsync parse the buffer
//     and apply it, so close() returns the error. Failures are logged and
//     kept in the account folder's .errors file.
//   - Names that are not resource files (editor swap and backup files,
//     rsync's and sed's temp files) are scratch files kept in memory only;
//     a rename of a scratch file onto a resource name applies it, and a
//     rename of a resource file to a scratch name copies it without
//     touching the provider (vim's backup rename).
//
// Errors become errno values through fs.Errno, the one table.
package resfs
