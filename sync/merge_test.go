package sync

import (
	"context"
	"errors"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seqOf(items ...listItem) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for _, it := range items {
			if !yield(it.e, it.err) {
				return
			}
		}
	}
}

func ents(paths ...string) []listItem {
	out := make([]listItem, len(paths))
	for i, p := range paths {
		out[i] = listItem{e: Entry{Path: p}}
	}
	return out
}

func TestMergeJoin(t *testing.T) {
	for _, tc := range []struct {
		name     string
		src, dst []listItem
		want     []string // "s:path" src only, "d:path" dst only, "b:path" both
		wantErr  string
		wantSoft int
	}{
		{name: "both empty"},
		{name: "src only", src: ents("a", "b"), want: []string{"s:a", "s:b"}},
		{name: "dst only", dst: ents("a", "b"), want: []string{"d:a", "d:b"}},
		{
			name: "interleaved",
			src:  ents("a", "c", "d/x", "f"),
			dst:  ents("b", "c", "d/y", "e", "f", "g"),
			want: []string{"s:a", "d:b", "b:c", "s:d/x", "d:d/y", "d:e", "b:f", "d:g"},
		},
		{
			name: "key order: a-b < a/b < a0",
			src:  ents("a-b", "a/b", "a0"),
			dst:  ents("a-b", "a/b", "a0"),
			want: []string{"b:a-b", "b:a/b", "b:a0"},
		},
		{
			name:    "out of order source",
			src:     ents("b", "a"),
			want:    []string{"s:b"},
			wantErr: "out of order",
		},
		{
			name:    "duplicate in destination",
			dst:     ents("a", "a"),
			want:    []string{"d:a"},
			wantErr: "out of order",
		},
		{
			name:     "soft error goes on",
			src:      []listItem{{e: Entry{Path: "a"}}, {err: &ListError{Path: "d", Err: os.ErrPermission}}, {e: Entry{Path: "e"}}},
			dst:      ents("a", "d/x", "e"),
			want:     []string{"b:a", "d:d/x", "b:e"},
			wantSoft: 1,
		},
		{
			name:    "hard error stops",
			src:     []listItem{{e: Entry{Path: "a"}}, {err: errors.New("boom")}, {e: Entry{Path: "e"}}},
			dst:     ents("a", "e"),
			want:    []string{"b:a"},
			wantErr: "boom",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			var got []string
			soft := 0
			err := mergeJoin(ctx, "src", listAsync(ctx, seqOf(tc.src...)), "dst", listAsync(ctx, seqOf(tc.dst...)),
				func(error) { soft++ },
				func(s, d *Entry) {
					switch {
					case d == nil:
						got = append(got, "s:"+s.Path)
					case s == nil:
						got = append(got, "d:"+d.Path)
					default:
						require.Equal(t, s.Path, d.Path)
						got = append(got, "b:"+s.Path)
					}
				})
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantSoft, soft)
		})
	}
}

func TestMergeJoinCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := listAsync(ctx, seqOf(ents("a", "b")...))
	err := mergeJoin(ctx, "src", src, "dst", listAsync(ctx, seqOf()), func(error) {}, func(s, d *Entry) {})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCompareListings(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	ms := time.Millisecond
	for _, tc := range []struct {
		name     string
		mode     Mode
		src, dst Entry
		want     verdict
	}{
		{"equal", SizeMtime, Entry{Size: 3, ModTime: t0}, Entry{Size: 3, ModTime: t0}, same},
		{"size differs", SizeMtime, Entry{Size: 3, ModTime: t0}, Entry{Size: 4, ModTime: t0.Add(time.Hour)}, differ},
		{"dst newer (S3 LastModified)", SizeMtime, Entry{Size: 3, ModTime: t0}, Entry{Size: 3, ModTime: t0.Add(time.Minute)}, same},
		{"src newer: changed same size", SizeMtime, Entry{Size: 3, ModTime: t0.Add(time.Second)}, Entry{Size: 3, ModTime: t0}, differ},
		{"float rounding within window", SizeMtime, Entry{Size: 3, ModTime: t0.Add(300 * time.Nanosecond)}, Entry{Size: 3, ModTime: t0}, same},
		{"just past window", SizeMtime, Entry{Size: 3, ModTime: t0.Add(ms + 1)}, Entry{Size: 3, ModTime: t0}, differ},
		{"size only ignores mtime", SizeOnly, Entry{Size: 3, ModTime: t0.Add(time.Hour)}, Entry{Size: 3, ModTime: t0}, same},
		{"size only size differs", SizeOnly, Entry{Size: 3}, Entry{Size: 2}, differ},
		{"checksum needs hashes", Checksum, Entry{Size: 3, ModTime: t0}, Entry{Size: 3, ModTime: t0}, needHash},
		{"checksum size differs", Checksum, Entry{Size: 3}, Entry{Size: 2}, differ},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := compareListings(tc.mode, ms, tc.src, tc.dst)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestHashesEqual(t *testing.T) {
	eq, ok := hashesEqual(Hashes{MD5: "a", SHA256: "x"}, Hashes{MD5: "b", SHA256: "x"})
	assert.True(t, ok)
	assert.True(t, eq, "sha256 wins over md5")
	eq, ok = hashesEqual(Hashes{MD5: "a", SHA256: "x"}, Hashes{MD5: "a"})
	assert.True(t, ok && eq)
	_, ok = hashesEqual(Hashes{SHA256: "x"}, Hashes{MD5: "a"})
	assert.False(t, ok)
	assert.Equal(t, "d41d8cd98f00b204e9800998ecf8427e", etagMD5(`"D41D8CD98F00B204E9800998ECF8427E"`))
	assert.Equal(t, "", etagMD5("d41d8cd98f00b204e9800998ecf8427e-2"))
	assert.Equal(t, "", etagMD5("17a3b-5"))
}

// The local walk yields paths in the byte order of storage keys, whatever
// the names: a merge-join against a storage listing depends on it.
func TestLocalWalkKeyOrder(t *testing.T) {
	root := t.TempDir()
	names := []string{
		"a", "a-b", "a/b", "a/b-c", "a/b/c", "a0", "a.b", "A", "b c", "ü", "z/ä", "z/a b", "z/a#b",
		"p+q", "100%", "dir/sub/deep/file", "dir-x", "dir.y", "dir0",
	}
	var want []string
	for _, n := range names {
		if slices.ContainsFunc(names, func(o string) bool { return strings.HasPrefix(o, n+"/") }) {
			continue // a directory
		}
		want = append(want, n)
		full := filepath.Join(root, filepath.FromSlash(n))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(n), 0o644))
	}
	sort.Strings(want)
	var got []string
	for e, err := range NewLocal(root, LocalOptions{}).List(context.Background(), "", nil) {
		require.NoError(t, err)
		got = append(got, e.Path)
	}
	assert.Equal(t, want, got)
	assert.True(t, slices.IsSorted(got))
}
