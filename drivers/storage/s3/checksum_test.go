package s3

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
)

// flipByte is a request body with one byte changed on the way, as a bad
// NIC or a bit flip in memory would.
type flipByte struct {
	r   io.ReadCloser
	pos int64
	at  int64
}

func (f *flipByte) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if f.at >= f.pos && f.at < f.pos+int64(n) {
		p[f.at-f.pos] ^= 0x01
	}
	f.pos += int64(n)
	return n, err
}

func (f *flipByte) Close() error { return f.r.Close() }

// TestChecksumRefusesCorruptBody: whichever checksum the account uses,
// the server refuses a single PUT or a part whose bytes changed after
// the client summed them, and no object appears.
func TestChecksumRefusesCorruptBody(t *testing.T) {
	for _, sum := range []string{"md5", "crc32c"} {
		for _, size := range []int{1000, MinPartSize * 2} {
			t.Run(sum, func(t *testing.T) {
				sp := newSpy(t)
				a, _, bucket := testAccount(t, sp, map[string]string{"checksum": sum})
				sp.alter = func(r *http.Request) {
					if (opName(r) == "PUT part" || opName(r) == "PUT PutObject") && r.Body != nil {
						r.Body = &flipByte{r: r.Body, at: 100}
						r.GetBody = nil // no clean copy to retry with
					}
				}
				w, err := a.NewWriter(t.Context(), bucket, "obj", &storage.WriterOptions{PartSize: MinPartSize, SizeHint: -1})
				require.NoError(t, err)
				werr := writeAll(w, randomBytes(t, size))
				cerr := w.Close()
				require.Error(t, cerr, "%d bytes: a corrupted body must be refused", size)
				if werr == nil {
					assert.True(t, errs.Is(cerr, errs.InvalidArgument) || errs.Is(cerr, errs.Transient) || errs.Is(cerr, errs.Unknown), "%v", cerr)
				}
				_, err = a.Stat(t.Context(), bucket, "obj")
				assert.True(t, errs.Is(err, errs.NotFound), "no object: %v", err)
				noUploads(t, a, bucket)
			})
		}
	}
}

// TestChecksumRoundTrip: objects written with either checksum read back
// whole, and a single PUT's ETag is still the content's MD5.
func TestChecksumRoundTrip(t *testing.T) {
	for _, sum := range []string{"md5", "crc32c"} {
		t.Run(sum, func(t *testing.T) {
			a, _, bucket := testAccount(t, nil, map[string]string{"checksum": sum})
			for _, size := range []int{0, 1000, MinPartSize*2 + 7} {
				data := randomBytes(t, size)
				w, err := a.NewWriter(t.Context(), bucket, "obj", &storage.WriterOptions{PartSize: MinPartSize, SizeHint: -1})
				require.NoError(t, err)
				require.NoError(t, writeAll(w, data))
				require.NoError(t, w.Close())
				assert.True(t, bytes.Equal(data, readBack(t, a, bucket, "obj")), "%d bytes read back", size)
				if size < MinPartSize {
					attrs, err := a.Stat(t.Context(), bucket, "obj")
					require.NoError(t, err)
					assert.Len(t, attrs.MD5, 16, "a single PUT's ETag is its MD5")
				}
			}
		})
	}
}

// onlyReader hides a reader's WriterTo, as a file or a pipe would have
// none, so that io.Copy uses the writer's ReadFrom.
type onlyReader struct{ io.Reader }

// failingReader gives n bytes, then fails.
type failingReader struct {
	n   int
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, f.err
	}
	k := min(len(p), f.n)
	f.n -= k
	return k, nil
}

// TestReadFrom: io.Copy into a Writer reads straight into the part
// buffers; the object is whole, and a failing source leaves nothing.
func TestReadFrom(t *testing.T) {
	a, _, bucket := testAccount(t, nil, nil)
	cases := []struct{ size, hint int }{
		{0, -1}, {1000, -1}, {MinPartSize*3 + 11, -1},
		{1000, 1000}, {1000, 500}, {1000, 2000}, {MinPartSize + 1, MinPartSize}, // hints right and wrong
	}
	for _, c := range cases {
		size := c.size
		data := randomBytes(t, size)
		w, err := a.NewWriter(t.Context(), bucket, "obj", &storage.WriterOptions{PartSize: MinPartSize, SizeHint: int64(c.hint)})
		require.NoError(t, err)
		n, err := io.Copy(w, onlyReader{bytes.NewReader(data)})
		require.NoError(t, err)
		require.Equal(t, int64(size), n)
		require.Equal(t, int64(size), w.Written())
		require.NoError(t, w.Close())
		assert.True(t, bytes.Equal(data, readBack(t, a, bucket, "obj")), "%d bytes read back", size)
	}

	broken := errors.New("disk gone")
	w, err := a.NewWriter(t.Context(), bucket, "broken", &storage.WriterOptions{PartSize: MinPartSize, SizeHint: -1})
	require.NoError(t, err)
	_, err = io.Copy(w, &failingReader{n: MinPartSize*2 + 5, err: broken})
	assert.Equal(t, broken, err, "the source's error comes back as it was")
	assert.ErrorIs(t, w.Close(), broken, "Close aborts after a failed source")
	_, err = a.Stat(t.Context(), bucket, "broken")
	assert.True(t, errs.Is(err, errs.NotFound), "no object: %v", err)
	noUploads(t, a, bucket)
}

// readBack reads a whole object.
func readBack(t *testing.T, a *storage.Account, bucket, key string) []byte {
	t.Helper()
	r, err := a.NewReader(t.Context(), bucket, key, nil)
	require.NoError(t, err)
	defer r.Close()
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	return got
}
