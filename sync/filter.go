package sync

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// DefaultExcludes are the VCS folders and editor temp files left out unless
// the user turns them off (--no-default-excludes).
var DefaultExcludes = []string{
	".git/", ".svn/", ".hg/", // version control
	"*.swp", "*.swx", "*~", ".#*", "4913", // vim, emacs, and vim's write probe
}

// Filter decides which paths take part in a sync. Paths are relative and
// slash-separated. Excludes win over includes: a path is left out if any
// exclude matches it or one of its parent directories; otherwise, if there
// are includes, it is kept only when one of them matches.
//
// Patterns follow rclone: a pattern that starts with '/' is anchored at the
// root, any other matches at any depth ("*.log" matches "a/b/c.log"); a
// pattern that ends with '/' or "/**" names a directory and everything
// beneath it. The zero Filter (and a nil *Filter) keeps everything.
type Filter struct {
	excl, incl []rule
}

// rule is one compiled pattern.
type rule struct {
	pattern string
	file    *regexp.Regexp // matches a path the rule covers
	dir     *regexp.Regexp // for directory rules: matches the directory itself
}

// FilterOptions are the filter flags.
type FilterOptions struct {
	Include, Exclude []string
	ExcludeFrom      []string // files of exclude patterns, one per line, '#' comments
	NoDefaults       bool     // leave out DefaultExcludes
}

// NewFilter compiles the filter flags.
func NewFilter(o FilterOptions) (*Filter, error) {
	f := &Filter{}
	var excl []string
	if !o.NoDefaults {
		excl = append(excl, DefaultExcludes...)
	}
	excl = append(excl, o.Exclude...)
	for _, name := range o.ExcludeFrom {
		lines, err := readPatterns(name)
		if err != nil {
			return nil, err
		}
		excl = append(excl, lines...)
	}
	for _, p := range excl {
		r, err := compileRule(p)
		if err != nil {
			return nil, err
		}
		f.excl = append(f.excl, r)
	}
	for _, p := range o.Include {
		r, err := compileRule(p)
		if err != nil {
			return nil, err
		}
		f.incl = append(f.incl, r)
	}
	return f, nil
}

func readPatterns(name string) ([]string, error) {
	file, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("exclude-from: %w", err)
	}
	defer file.Close()
	var out []string
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";") {
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("exclude-from %s: %w", name, err)
	}
	return out, nil
}

func compileRule(pattern string) (rule, error) {
	p := pattern
	anchored := strings.HasPrefix(p, "/")
	p = strings.TrimPrefix(p, "/")
	isDir := false
	switch {
	case strings.HasSuffix(p, "/**"):
		p, isDir = strings.TrimSuffix(p, "/**"), true
	case strings.HasSuffix(p, "/"):
		p, isDir = strings.TrimSuffix(p, "/"), true
	}
	if p == "" || p == "**" {
		// "/", "/**", "**": everything.
		all := regexp.MustCompile(`^`)
		return rule{pattern: pattern, file: all, dir: all}, nil
	}
	body, err := globToRegexp(p)
	if err != nil {
		return rule{}, err
	}
	head := `(?:^|/)`
	if anchored {
		head = `^`
	}
	r := rule{pattern: pattern}
	if isDir {
		r.dir, err = regexp.Compile(head + body + `$`)
		if err == nil {
			r.file, err = regexp.Compile(head + body + `/`)
		}
	} else {
		r.file, err = regexp.Compile(head + body + `$`)
	}
	if err != nil {
		return rule{}, fmt.Errorf("pattern %q: %w", pattern, err)
	}
	return r, nil
}

// Match reports whether the file at path takes part in the sync.
func (f *Filter) Match(path string) bool {
	if f == nil {
		return true
	}
	for _, r := range f.excl {
		if r.file.MatchString(path) {
			return false
		}
	}
	if len(f.incl) == 0 {
		return true
	}
	for _, r := range f.incl {
		if r.file.MatchString(path) {
			return true
		}
	}
	return false
}

// SkipDir reports whether nothing beneath the directory at path can match,
// so a walk need not enter it. Only directory excludes prune: includes never
// do, since a file deep inside may still match one.
func (f *Filter) SkipDir(path string) bool {
	if f == nil {
		return false
	}
	for _, r := range f.excl {
		if r.dir != nil && r.dir.MatchString(path) {
			return true
		}
	}
	return false
}
