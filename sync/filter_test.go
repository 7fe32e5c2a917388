package sync

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilterMatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts FilterOptions
		keep []string
		drop []string
	}{
		{
			name: "defaults",
			keep: []string{"a.txt", "dir/b.go", "gitignore", "x.git/y", "a.swpx", "4913x", "n.#x"},
			drop: []string{".git/config", "a/.git/HEAD", ".svn/x", "sub/.hg/store/y", "a.swp", "d/.a.swp", "b~", "d/.#lock", "4913", "d/4913", "e.swx"},
		},
		{
			name: "no defaults",
			opts: FilterOptions{NoDefaults: true},
			keep: []string{".git/config", "a.swp", "4913"},
		},
		{
			name: "exclude glob at any depth",
			opts: FilterOptions{Exclude: []string{"*.log"}},
			keep: []string{"a.logx", "log", "a/log/b"},
			drop: []string{"a.log", "x/y/z.log"},
		},
		{
			name: "anchored",
			opts: FilterOptions{Exclude: []string{"/build/**", "/top.txt"}},
			keep: []string{"src/build/x", "a/top.txt", "buildx/y"},
			drop: []string{"build/x", "build/a/b", "top.txt"},
		},
		{
			name: "dir glob unanchored",
			opts: FilterOptions{Exclude: []string{"node_modules/"}},
			keep: []string{"node_modules.txt", "a/node_modulesx/b"},
			drop: []string{"node_modules/a.js", "web/node_modules/x/y.js"},
		},
		{
			name: "include only",
			opts: FilterOptions{Include: []string{"*.go", "docs/**"}},
			keep: []string{"main.go", "a/b/c.go", "docs/x.md", "docs/a/b.png", "a/docs/x"},
			drop: []string{"main.c", "README", "docsx/y"},
		},
		{
			name: "exclude wins over include",
			opts: FilterOptions{Include: []string{"*.go"}, Exclude: []string{"vendor/**"}},
			keep: []string{"a.go"},
			drop: []string{"vendor/a.go", "x/vendor/b.go", "a.c"},
		},
		{
			name: "braces, classes, question mark, double star in middle",
			opts: FilterOptions{Exclude: []string{"*.{jpg,png}", "file[0-9].txt", "?.tmp", "a/**/z"}},
			keep: []string{"x.gif", "fileA.txt", "ab.tmp", "a/b/zz", "b/z"},
			drop: []string{"p.jpg", "q/r.png", "file3.txt", "x.tmp", "a/z", "a/b/z", "a/b/c/z"},
		},
		{
			name: "odd names",
			opts: FilterOptions{Exclude: []string{"my file #1.txt", "100%.txt", "a+b"}},
			keep: []string{"my file #2.txt"},
			drop: []string{"my file #1.txt", "d/100%.txt", "a+b"},
		},
		{
			name: "negated class",
			opts: FilterOptions{Exclude: []string{"[!a]*.txt"}},
			keep: []string{"a1.txt"},
			drop: []string{"b1.txt"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewFilter(tc.opts)
			require.NoError(t, err)
			for _, p := range tc.keep {
				assert.True(t, f.Match(p), "should keep %q", p)
			}
			for _, p := range tc.drop {
				assert.False(t, f.Match(p), "should drop %q", p)
			}
		})
	}
}

func TestFilterSkipDir(t *testing.T) {
	f, err := NewFilter(FilterOptions{Exclude: []string{"/build/", "cache/**", "*.log"}, Include: []string{"*.go"}})
	require.NoError(t, err)
	for dir, skip := range map[string]bool{
		".git": true, "a/.git": true, "build": true, "src/build": false,
		"cache": true, "x/cache": true, "src": false, "logs.log": false, "x.go": false,
	} {
		assert.Equal(t, skip, f.SkipDir(dir), dir)
	}
	// Everything SkipDir prunes, Match drops.
	for _, p := range []string{".git/a", "build/a.go", "x/cache/b.go"} {
		assert.False(t, f.Match(p), p)
	}
	var nilf *Filter
	assert.True(t, nilf.Match("x"))
	assert.False(t, nilf.SkipDir("x"))
}

func TestFilterExcludeFrom(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ex")
	require.NoError(t, os.WriteFile(name, []byte("# comment\n\n*.bak\n  tmp/  \n; also a comment\n"), 0o644))
	f, err := NewFilter(FilterOptions{ExcludeFrom: []string{name}})
	require.NoError(t, err)
	assert.False(t, f.Match("a.bak"))
	assert.False(t, f.Match("tmp/x"))
	assert.True(t, f.Match("# comment"))
	_, err = NewFilter(FilterOptions{ExcludeFrom: []string{name + ".missing"}})
	assert.Error(t, err)
}

func TestFilterBadPatterns(t *testing.T) {
	for _, p := range []string{"[abc", "{a,b", "a}", `x\`} {
		_, err := NewFilter(FilterOptions{Exclude: []string{p}})
		assert.Error(t, err, p)
	}
}

func TestFilterEverything(t *testing.T) {
	for _, p := range []string{"**", "/**", "/"} {
		f, err := NewFilter(FilterOptions{Exclude: []string{p}, NoDefaults: true})
		require.NoError(t, err)
		assert.False(t, f.Match("a/b"), p)
		assert.True(t, f.SkipDir("a"), p)
	}
}

// FuzzFilter: any pattern either fails to compile with an error or gives a
// filter that answers without panicking; a literal name (no glob
// characters) excluded is always left out.
func FuzzFilter(f *testing.F) {
	for _, s := range []string{"*.log", "dir/**", "/a/b/", "{a,b}[0-9]?", `\*`, "a/**/b", "[!x]", "**", "{", "[", "}"} {
		f.Add(s, "a/b.log")
	}
	f.Fuzz(func(t *testing.T, pattern, path string) {
		flt, err := NewFilter(FilterOptions{Exclude: []string{pattern}, NoDefaults: true})
		if err != nil {
			return
		}
		flt.Match(path)
		flt.SkipDir(path)
		if pattern != "" && !strings.ContainsAny(pattern, `*?[]{}\,/`) && !strings.ContainsAny(pattern, "\x00") {
			if flt.Match(pattern) {
				t.Fatalf("excluded literal %q is kept", pattern)
			}
		}
	})
}
