package drivertest

import (
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// testMissingContainer: every object call on a container that does not
// exist gives NotFound.
func testMissingContainer(t *testing.T, e *env) {
	good := e.container()
	e.write(good, "src", []byte("source"), nil)
	c := e.name() // never created
	expectMissing(t, e, c, "key")
	_, err := e.acct.ListPage(e.ctx, c, nil)
	wantKind(t, err, errs.NotFound, "list missing container")
	for _, err := range e.acct.List(e.ctx, c, nil) {
		wantKind(t, err, errs.NotFound, "List iterator on missing container")
	}
	wantKind(t, e.acct.Copy(e.ctx, good, "dst", c, "src", nil), errs.NotFound, "copy from missing container")
	wantKind(t, e.acct.Copy(e.ctx, c, "dst", good, "src", nil), errs.NotFound, "copy to missing container")
	wantKind(t, e.acct.Rename(e.ctx, c, "src", "dst"), errs.NotFound, "rename in missing container")
	wantKind(t, e.tryWrite(e.ctx, c, "new", []byte("data"), nil), errs.NotFound, "write to missing container")
	_, err = e.acct.GetContainer(e.ctx, c)
	wantKind(t, err, errs.NotFound, "a failed call created the container")
	e.missing(good, "dst")
}

// testMissingObject: every object call on a missing key gives NotFound
// and creates nothing.
func testMissingObject(t *testing.T, e *env) {
	c := e.container()
	e.write(c, "present", []byte("here"), nil)
	expectMissing(t, e, c, "absent")
	expectMissing(t, e, c, "present/absent")
	expectMissing(t, e, c, "dir/absent")
	wantKind(t, e.acct.Copy(e.ctx, c, "dst", c, "absent", nil), errs.NotFound, "copy of missing object")
	wantKind(t, e.acct.Rename(e.ctx, c, "absent", "dst"), errs.NotFound, "rename of missing object")
	e.missing(c, "dst")
	e.missing(c, "absent")
	if got := e.keys(c, nil); len(got) != 1 || got[0] != "present" {
		t.Errorf("after failed calls the container holds %q, want [present]", got)
	}
}

// expectMissing checks Stat, Read, Delete and SetMetadata on a missing
// object.
func expectMissing(t *testing.T, e *env, c, key string) {
	t.Helper()
	_, err := e.acct.Stat(e.ctx, c, key)
	wantKind(t, err, errs.NotFound, "stat %s/%s", c, key)
	_, err = e.acct.NewReader(e.ctx, c, key, nil)
	wantKind(t, err, errs.NotFound, "read %s/%s", c, key)
	_, err = e.acct.NewRangeReader(e.ctx, c, key, 5, 10, nil)
	wantKind(t, err, errs.NotFound, "range read %s/%s", c, key)
	wantKind(t, e.acct.Delete(e.ctx, c, key), errs.NotFound, "delete %s/%s", c, key)
	err = e.acct.SetMetadata(e.ctx, c, key, &storage.MetadataUpdate{ContentType: "text/plain"})
	wantKind(t, err, errs.NotFound, "set metadata %s/%s", c, key)
}
