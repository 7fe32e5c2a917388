package resfs

import "context"

// kind is one resource type shown as files: the per-kind adapter behind a
// writable folder. Names are file names ("web1.json", "records"). Every
// error is classified with drivers/errs; fs.Errno turns it into an errno.
type kind interface {
	// list returns every resource's file name and content.
	list(ctx context.Context) ([]item, error)
	// get returns one resource's content as the provider reports it now;
	// errs.NotFound if there is none.
	get(ctx context.Context, name string) ([]byte, error)
	// create makes the resource from what was written to a new file.
	create(ctx context.Context, name string, data []byte) error
	// update makes the resource match data. base is the content the
	// writer opened, or nil if unknown; a field that changed at the
	// provider since then and that data would undo is
	// errs.PreconditionFailed. The whole change is validated before the
	// first provider call.
	update(ctx context.Context, name string, base, data []byte) error
	// remove deletes the resource (unlink).
	remove(ctx context.Context, name string) error
}

// folder is what a writable folder holds: its kind, and which names are
// its resource files. Every other name is a scratch file.
type folder interface {
	kind
	// owns reports whether name is a resource file of the folder.
	owns(name string) bool
	// limit is the most bytes the file may hold, given the mount's
	// default.
	limit(name string, def int) int
}

// revealer is a folder that hides files for a while (a zone made with
// mkdir, see zonesDir.Mkdir). Listing the folder shows them: reveal
// reports whether anything was hidden.
type revealer interface {
	reveal() bool
}
