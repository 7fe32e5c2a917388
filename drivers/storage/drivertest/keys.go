package drivertest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// awkwardKeys are keys that break naive URL, path or shell handling. None
// is a prefix of another followed by "/", so a filesystem driver can hold
// them all at once.
var awkwardKeys = []string{
	"with space.txt",
	"unicode-日本語-ünï.txt",
	"emoji-🙂.bin",
	"plus+sign",
	"percent%20encoded%2F",
	"hash#tag",
	"question?mark",
	"amp&ersand=equals",
	"semi;colon,comma",
	"quote'double\"",
	"tilde~star*",
	"brackets[]{}()",
	"a/b/c/d/e/f/g/h/i/j/k.txt",
	"dir with space/file name?.txt",
	"-leading-dash",
	".hidden",
	"x/.dotfile",
}

// testKeys: each awkward key can be written, stat'ed, read, listed (alone,
// by its own prefix) and deleted.
func testKeys(t *testing.T, e *env) {
	c := e.container()
	for i, k := range awkwardKeys {
		e.write(c, k, []byte("content of "+k), &storage.WriterOptions{Metadata: map[string]string{"i": string(rune('a' + i))}})
	}
	for i, k := range awkwardKeys {
		t.Run(k, func(t *testing.T) {
			data := []byte("content of " + k)
			a := e.stat(c, k)
			assert.Equal(t, int64(len(data)), a.Size)
			assert.Equal(t, string(rune('a'+i)), a.Metadata["i"])
			assert.Equal(t, string(data), string(e.read(c, k)))
			assert.Equal(t, []string{k}, e.keys(c, &storage.ListOptions{Prefix: k}), "list by the key as prefix")
		})
	}
	want := slices.Clone(awkwardKeys)
	slices.Sort(want)
	assert.Equal(t, want, e.keys(c, nil), "full listing")
	for _, k := range awkwardKeys {
		require.NoError(t, e.acct.Delete(e.ctx, c, k), "delete %q", k)
		e.missing(c, k)
	}
	assert.Empty(t, e.keys(c, nil), "keys left after deleting all")
}

// testEmptyObject: a zero-byte object exists, reads empty and lists with
// size 0.
func testEmptyObject(t *testing.T, e *env) {
	c := e.container()
	w, err := e.acct.NewWriter(e.ctx, c, "empty", nil)
	require.NoError(t, err)
	require.NoError(t, w.Close(), "close without a write")
	a := e.stat(c, "empty")
	assert.Zero(t, a.Size)
	assert.NotEmpty(t, a.ETag, "an empty object has an ETag")
	assert.Empty(t, e.read(c, "empty"))
	assert.Empty(t, e.readRange(c, "empty", 0, 10))
	assert.Empty(t, e.readRange(c, "empty", 3, -1))

	e.write(c, "empty2", []byte{}, &storage.WriterOptions{SizeHint: 0})
	page, err := e.acct.ListPage(e.ctx, c, nil)
	require.NoError(t, err)
	require.Len(t, page.Objects, 2)
	for _, o := range page.Objects {
		assert.Zero(t, o.Size, o.Key)
	}
	r, err := e.acct.NewReader(e.ctx, c, "empty", nil)
	require.NoError(t, err)
	assert.Zero(t, r.Attributes().Size)
	require.NoError(t, r.Close())
}
