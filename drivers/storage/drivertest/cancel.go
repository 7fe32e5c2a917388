package drivertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// testCanceledContext: a call made with a cancelled ctx gives Canceled and
// does nothing, through the Account and on the driver itself.
func testCanceledContext(t *testing.T, e *env) {
	c := e.container()
	e.write(c, "obj", []byte("data"), nil)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	a := e.acct

	_, err := a.GetContainer(ctx, c)
	wantKind(t, err, errs.Canceled, "GetContainer")
	wantKind(t, a.CreateContainer(ctx, e.name()), errs.Canceled, "CreateContainer")
	wantKind(t, a.DeleteContainer(ctx, c), errs.Canceled, "DeleteContainer")
	for _, err := range a.Containers(ctx) {
		wantKind(t, err, errs.Canceled, "Containers")
	}
	_, err = a.ListPage(ctx, c, nil)
	wantKind(t, err, errs.Canceled, "ListPage")
	_, err = a.Stat(ctx, c, "obj")
	wantKind(t, err, errs.Canceled, "Stat")
	_, err = a.NewReader(ctx, c, "obj", nil)
	wantKind(t, err, errs.Canceled, "NewReader")
	_, err = a.NewWriter(ctx, c, "new", nil)
	wantKind(t, err, errs.Canceled, "NewWriter")
	wantKind(t, a.Delete(ctx, c, "obj"), errs.Canceled, "Delete")
	wantKind(t, a.SetMetadata(ctx, c, "obj", &storage.MetadataUpdate{}), errs.Canceled, "SetMetadata")
	wantKind(t, a.Copy(ctx, c, "copy", c, "obj", nil), errs.Canceled, "Copy")
	wantKind(t, a.Rename(ctx, c, "obj", "renamed"), errs.Canceled, "Rename")

	// The driver itself, which the Account's own check would hide: its
	// calls must also notice the ctx and classify the error.
	d := e.drv
	_, err = d.Stat(ctx, c, "obj")
	wantDriverCanceled(t, err, "driver Stat")
	_, err = d.NewRangeReader(ctx, c, "obj", 0, -1, &storage.ReaderOptions{})
	wantDriverCanceled(t, err, "driver NewRangeReader")
	_, err = d.ListObjects(ctx, c, &storage.ListOptions{})
	wantDriverCanceled(t, err, "driver ListObjects")
	wantDriverCanceled(t, d.Delete(ctx, c, "obj"), "driver Delete")
	if w, err := d.NewWriter(ctx, c, "new", &storage.WriterOptions{SizeHint: -1}); err != nil {
		wantDriverCanceled(t, err, "driver NewWriter")
	} else {
		_, _ = w.Write([]byte("x"))
		wantDriverCanceled(t, w.Close(), "driver Writer.Close")
	}

	require.Equal(t, "data", string(e.read(c, "obj")), "a cancelled call changed the object")
	e.missing(c, "new")
	e.missing(c, "copy")
	e.missing(c, "renamed")
}

// wantDriverCanceled accepts Canceled, or an error that wraps
// context.Canceled, which the Account classifies as Canceled.
func wantDriverCanceled(t *testing.T, err error, what string) {
	t.Helper()
	wantKind(t, errs.Wrap(err, "", ""), errs.Canceled, "%s", what)
}

// testClosedAccount: calls after Close fail with InvalidArgument.
func testClosedAccount(t *testing.T, e *env) {
	c := e.container()
	e.write(c, "obj", []byte("x"), nil)
	a := storage.New("closed", e.s.h(t))
	require.NoError(t, a.Close())
	require.NoError(t, a.Close(), "a second Close is a no-op")
	_, err := a.Stat(e.ctx, c, "obj")
	wantKind(t, err, errs.InvalidArgument, "Stat after Close")
	_, err = a.NewWriter(e.ctx, c, "obj", nil)
	wantKind(t, err, errs.InvalidArgument, "NewWriter after Close")
	_, err = a.ListPage(e.ctx, c, nil)
	wantKind(t, err, errs.InvalidArgument, "List after Close")
}
