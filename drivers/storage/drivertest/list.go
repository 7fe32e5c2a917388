package drivertest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// listKeys sort differently from a naive directory walk: "a-b" and "a.b"
// come before "a/b" in byte order. "m/" and "p/q/" are directory markers.
var listKeys = []string{"a-b", "a.b", "a/b", "a/c/d", "a/c/e", "a0", "m/", "m/x", "n", "p/q/"}

// entry renders a listing entry, with a trailing "(dir)" for prefixes.
func entry(o storage.ObjectInfo) string {
	if o.IsPrefix {
		return o.Key + " (dir)"
	}
	return o.Key
}

func (e *env) entries(c string, opts *storage.ListOptions) []string {
	e.t.Helper()
	out := []string{}
	for o, err := range e.acct.List(e.ctx, c, opts) {
		require.NoError(e.t, err)
		out = append(out, entry(o))
	}
	return out
}

// testListPrefixDelimiter: prefixes, delimiter folding and byte order.
func testListPrefixDelimiter(t *testing.T, e *env) {
	c := e.container()
	for _, k := range listKeys {
		e.write(c, k, nil, nil)
	}
	for _, tc := range []struct {
		prefix, delim string
		want          []string
	}{
		{"", "", listKeys},
		{"", "/", []string{"a-b", "a.b", "a/ (dir)", "a0", "m/ (dir)", "n", "p/ (dir)"}},
		{"a", "", []string{"a-b", "a.b", "a/b", "a/c/d", "a/c/e", "a0"}},
		{"a", "/", []string{"a-b", "a.b", "a/ (dir)", "a0"}},
		{"a/", "/", []string{"a/b", "a/c/ (dir)"}},
		{"a/c", "/", []string{"a/c/ (dir)"}},
		{"a/c/", "/", []string{"a/c/d", "a/c/e"}},
		{"a/c/", "", []string{"a/c/d", "a/c/e"}},
		{"m/", "/", []string{"m/", "m/x"}},
		{"p/", "/", []string{"p/q/ (dir)"}},
		{"p/q/", "/", []string{"p/q/"}},
		{"zzz", "/", []string{}},
		{"a/b/", "/", []string{}},
	} {
		t.Run(fmt.Sprintf("prefix=%q,delim=%q", tc.prefix, tc.delim), func(t *testing.T) {
			opts := &storage.ListOptions{Prefix: tc.prefix, Delimiter: tc.delim}
			assert.Equal(t, tc.want, e.entries(c, opts))
			opts.PageSize = 1
			assert.Equal(t, tc.want, e.entries(c, opts), "one entry per page")
		})
	}
}

// testListPagination writes 25 objects among others and pages through
// them four at a time.
func testListPagination(t *testing.T, e *env) {
	c := e.container()
	var want []string
	for i := range 25 {
		k := fmt.Sprintf("page/%02d", i)
		want = append(want, k)
		e.write(c, k, []byte(k), nil)
	}
	e.write(c, "before", nil, nil)
	e.write(c, "pagf", nil, nil)

	var got []string
	opts := &storage.ListOptions{Prefix: "page/", PageSize: 4}
	pages := 0
	for {
		p, err := e.acct.ListPage(e.ctx, c, opts)
		require.NoError(t, err)
		pages++
		require.LessOrEqual(t, len(p.Objects), 4, "page %d is larger than asked", pages)
		for _, o := range p.Objects {
			got = append(got, o.Key)
			assert.Equal(t, int64(len(o.Key)), o.Size, o.Key)
		}
		if p.NextPageToken == "" {
			break
		}
		require.Less(t, pages, 100, "listing does not end")
		require.NotEqual(t, opts.PageToken, p.NextPageToken, "page token did not advance")
		opts.PageToken = p.NextPageToken
	}
	assert.Equal(t, want, got, "every key exactly once, in order")
	assert.GreaterOrEqual(t, pages, 7, "25 keys in pages of 4")
	assert.LessOrEqual(t, pages, 8, "25 keys in pages of 4")

	assert.Equal(t, want, e.keys(c, &storage.ListOptions{Prefix: "page/", PageSize: 4}), "List iterator")
	all := e.keys(c, &storage.ListOptions{PageSize: 3})
	assert.Equal(t, append(append([]string{"before"}, want...), "pagf"), all, "whole container, pages of 3")
}

// testListPaginationDelimiter pages through folded prefixes, which must
// come exactly once even when their keys span pages.
func testListPaginationDelimiter(t *testing.T, e *env) {
	c := e.container()
	var want []string
	for i := range 8 {
		d := fmt.Sprintf("k%02d", i)
		for _, k := range []string{d + "/a", d + "/b", d + "/c/d", d + "b"} {
			e.write(c, k, nil, nil)
		}
		want = append(want, d+"/ (dir)", d+"b")
	}
	for _, size := range []int{1, 2, 3, 5} {
		got := e.entries(c, &storage.ListOptions{Delimiter: "/", PageSize: size})
		assert.Equal(t, want, got, "page size %d", size)
	}
	got := e.entries(c, &storage.ListOptions{Prefix: "k03/", Delimiter: "/", PageSize: 1})
	assert.Equal(t, []string{"k03/a", "k03/b", "k03/c/ (dir)"}, got)
}

// testListFields: listed entries carry size, mtime and the same ETag as
// Stat.
func testListFields(t *testing.T, e *env) {
	c := e.container()
	sizes := map[string]int{"one": 1, "ten": 10, "kilo": 1024, "zero": 0}
	for k, n := range sizes {
		e.write(c, k, content(uint64(n), n), nil)
	}
	var keys []string
	for o, err := range e.acct.List(e.ctx, c, nil) {
		require.NoError(t, err)
		keys = append(keys, o.Key)
		assert.False(t, o.IsPrefix, o.Key)
		assert.Equal(t, int64(sizes[o.Key]), o.Size, o.Key)
		assert.False(t, o.ModTime.IsZero(), "%s: no ModTime", o.Key)
		a := e.stat(c, o.Key)
		assert.NotEmpty(t, o.ETag, "%s: no ETag", o.Key)
		assert.Equal(t, a.ETag, o.ETag, "%s: listing and Stat disagree on the ETag", o.Key)
	}
	assert.True(t, slices.IsSorted(keys), "%q", keys)
	assert.Len(t, keys, len(sizes))
}
