package sync

import (
	"fmt"
	"regexp"
	"strings"
)

// globToRegexp translates an rclone-style glob into a regular expression
// body (without anchors):
//
//   - any run of characters except '/'
//     **      any run of characters, '/' included
//     /**/    one slash, or any run of directories between two slashes
//     ?       one character except '/'
//     [...]   a character class ([!...] or [^...] negates)
//     {a,b}   alternatives, which may themselves hold globs
//     \x      the character x, literally
func globToRegexp(glob string) (string, error) {
	var b strings.Builder
	depth := 0 // open '{' groups
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch c {
		case '*':
			if i+1 < len(glob) && glob[i+1] == '*' {
				i++
				// "/**/" also matches a single "/".
				if i+1 < len(glob) && glob[i+1] == '/' && strings.HasSuffix(b.String(), "/") {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '[':
			j := i + 1
			if j < len(glob) && (glob[j] == '!' || glob[j] == '^') {
				j++
			}
			if j < len(glob) && glob[j] == ']' {
				j++
			}
			for j < len(glob) && glob[j] != ']' {
				j++
			}
			if j >= len(glob) {
				return "", fmt.Errorf("glob %q: unterminated [", glob)
			}
			class := glob[i+1 : j]
			neg := strings.HasPrefix(class, "!") || strings.HasPrefix(class, "^")
			if neg {
				class = class[1:]
			}
			b.WriteByte('[')
			if neg {
				b.WriteString("^/")
			}
			b.WriteString(strings.ReplaceAll(class, `\`, `\\`))
			b.WriteByte(']')
			i = j
		case '{':
			depth++
			b.WriteString("(?:")
		case '}':
			if depth == 0 {
				return "", fmt.Errorf("glob %q: unmatched }", glob)
			}
			depth--
			b.WriteByte(')')
		case ',':
			if depth > 0 {
				b.WriteByte('|')
			} else {
				b.WriteByte(',')
			}
		case '\\':
			if i+1 >= len(glob) {
				return "", fmt.Errorf("glob %q: trailing backslash", glob)
			}
			i++
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	if depth != 0 {
		return "", fmt.Errorf("glob %q: unterminated {", glob)
	}
	return b.String(), nil
}
