package drivertest

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// testSignedURL: a GET on a signed URL returns the content; accounts
// without signing say Unimplemented.
func testSignedURL(t *testing.T, e *env) {
	c := e.container()
	data := content(31, 5000)
	e.write(c, "signed obj+x", data, nil)
	opts := &storage.SignedURLOptions{Method: "GET", Expiry: 10 * time.Minute}
	if !e.acct.Features().SignedURL {
		_, err := e.acct.SignedURL(e.ctx, c, "signed obj+x", opts)
		wantKind(t, err, errs.Unimplemented, "SignedURL without a signer")
		return
	}
	_, err := e.acct.SignedURL(e.ctx, c, "signed obj+x", &storage.SignedURLOptions{Method: "DELETE"})
	wantKind(t, err, errs.InvalidArgument, "signing DELETE")
	u, err := e.acct.SignedURL(e.ctx, c, "signed obj+x", opts)
	require.NoError(t, err)
	require.NotEmpty(t, u)
	if e.opts.SkipSignedURL {
		t.Logf("not fetching %s: SkipSignedURL", u)
		return
	}
	resp, err := http.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "GET %s: %s", u, got)
	sameBytes(t, data, got)
}
