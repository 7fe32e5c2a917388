package s3

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// TestSignedPutURL: a presigned PUT URL uploads without credentials, and
// its expiry is the one asked for.
func TestSignedPutURL(t *testing.T) {
	a, _, bucket := testAccount(t, nil, nil)
	u, err := a.SignedURL(t.Context(), bucket, "up/loaded.txt", &storage.SignedURLOptions{Method: "PUT", Expiry: 90 * time.Second})
	require.NoError(t, err)
	parsed, err := url.Parse(u)
	require.NoError(t, err)
	assert.Equal(t, "90", parsed.Query().Get("X-Amz-Expires"))

	req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, u, bytes.NewReader([]byte("via a signed URL")))
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)

	r, err := a.NewReader(t.Context(), bucket, "up/loaded.txt", nil)
	require.NoError(t, err)
	got, _ := io.ReadAll(r)
	r.Close()
	assert.Equal(t, "via a signed URL", string(got))
}
