package driver

import (
	"strconv"
	"strings"
	"time"
)

// MtimeKey is the user-metadata key that carries a file's modification
// time. It is the key rclone uses (X-Amz-Meta-Mtime on S3), with the same
// value format, so times survive a round trip between the two tools.
const MtimeKey = "mtime"

// FormatMtime renders t as rclone does: Unix seconds with a fractional part.
func FormatMtime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixNano())/1e9, 'f', -1, 64)
}

// ParseMtime reads rclone's float-seconds form, and RFC 3339 as a courtesy
// to other tools. ok is false for anything else.
func ParseMtime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if sec, frac, found := strings.Cut(s, "."); found || isDigits(sec) {
		if isDigits(sec) && (frac == "" || isDigits(frac)) {
			n, err := strconv.ParseInt(sec, 10, 64)
			if err != nil {
				return time.Time{}, false
			}
			var ns int64
			if frac != "" {
				frac = (frac + "000000000")[:9]
				ns, _ = strconv.ParseInt(frac, 10, 64)
			}
			return time.Unix(n, ns), true
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
