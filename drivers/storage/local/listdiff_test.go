package local_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
)

// TestListingMatchesMemory lists the same random keys from the local
// driver and from the memory driver (a sorted slice: the reference) with
// many prefixes, delimiters and page sizes. The keys are built from a
// tiny alphabet so that byte order, folding and page boundaries collide
// as often as possible.
func TestListingMatchesMemory(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := randomKeys(r, 120)
	loc := open(t, t.TempDir(), "")
	mem := storage.New("mem", memory.New())
	require.NoError(t, mem.CreateContainer(t.Context(), "c"))
	for _, k := range keys {
		put(t, loc, k, "", nil)
		put(t, mem, k, "", nil)
	}
	prefixes := []string{"", "a", "a/", "a-", "a.", "b/a", "b/a/", "a/b/", "zz"}
	for range 12 {
		k := keys[r.IntN(len(keys))]
		prefixes = append(prefixes, k[:r.IntN(len(k)+1)])
	}
	for _, prefix := range prefixes {
		for _, delim := range []string{"", "/", "-", ".", "a/", "/b"} {
			for _, size := range []int{1, 3, 0} {
				opts := &storage.ListOptions{Prefix: prefix, Delimiter: delim, PageSize: size}
				want, got := entries(t, mem, opts), entries(t, loc, opts)
				require.Equal(t, want, got, "prefix %q delimiter %q page size %d", prefix, delim, size)
			}
		}
	}
}

func entries(t *testing.T, a *storage.Account, opts *storage.ListOptions) []string {
	t.Helper()
	out := []string{}
	for o, err := range a.List(t.Context(), "c", opts) {
		require.NoError(t, err)
		out = append(out, fmt.Sprintf("%s prefix=%v", o.Key, o.IsPrefix))
	}
	return out
}

// randomKeys makes n keys of segments over {a, b, -, .}, some of them
// markers, none both a file and a directory.
func randomKeys(r *rand.Rand, n int) []string {
	const alphabet = "ab-."
	files, dirs := map[string]bool{}, map[string]bool{}
	var out []string
	for len(out) < n {
		var segs []string
		for range 1 + r.IntN(4) {
			var b strings.Builder
			for range 1 + r.IntN(3) {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
			}
			segs = append(segs, b.String())
		}
		key := strings.Join(segs, "/")
		marker := r.IntN(6) == 0
		if marker {
			key += "/"
		}
		// Reject "." and ".." segments, and file/directory clashes.
		ok := !files[key] && (marker || !dirs[key+"/"])
		for i, s := range segs {
			if s == "." || s == ".." {
				ok = false
			}
			if i < len(segs)-1 && files[strings.Join(segs[:i+1], "/")] {
				ok = false
			}
		}
		if marker && files[strings.TrimSuffix(key, "/")] {
			ok = false
		}
		if !ok {
			continue
		}
		files[key] = true
		for i := range segs[:len(segs)-1] {
			dirs[strings.Join(segs[:i+1], "/")+"/"] = true
		}
		if marker {
			dirs[key] = true
		}
		out = append(out, key)
	}
	return out
}
