package zonefile

import (
	"strconv"
	"time"
)

// Date-like serials lie between these (YYYYMMDDnn from 1970 to 2399).
const (
	minDateSerial = 1970010100
	maxDateSerial = 2399123199
)

// NextSerial is the serial after old on the day of now. Date-like serials
// (YYYYMMDDnn) and 0 move to today's first (YYYYMMDD01) if that is
// larger, else count up; any other serial counts up by one, wrapping as
// RFC 1982 serial arithmetic allows.
func NextSerial(old uint32, now time.Time) uint32 {
	if old == 0 || (old >= minDateSerial && old <= maxDateSerial) {
		day, _ := strconv.ParseUint(now.UTC().Format("20060102"), 10, 32)
		if first := uint32(day*100 + 1); old < first {
			return first
		}
	}
	return old + 1
}
