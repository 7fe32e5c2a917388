// Package hugebuf allocates large byte buffers that the kernel may back
// with transparent huge pages.
//
// A fresh buffer costs the process a page fault for every 4 KiB it
// touches first. On a virtual machine whose page faults are expensive
// (the benchmark machine takes 5–7 µs each), the part buffers of one
// `cloudfs sync` of big files (160 MiB: 40,000 faults) cost about 0.25
// core-seconds, a sixth of the client's CPU. Backed by 2 MiB pages, the
// same buffers take a few dozen faults.
//
// Make places the buffer on a 2 MiB boundary, inside an allocation of
// its size rounded up to 2 MiB, plus 2 MiB, and advises the whole of it
// with madvise(MADV_HUGEPAGE) before anything touches it. That is what the
// kernel's "madvise" THP mode (the usual default) waits for; in "always"
// mode it changes nothing, in "never" mode the advice is ignored, and
// elsewhere than Linux Make is plain make. GODEBUG=disablethp=1 turns it
// off. Aligning matters: Go places large objects on 8 KiB boundaries, so
// an unaligned 8 MiB buffer holds only three whole huge pages, and its
// other 2 MiB still take 512 faults.
//
// The slack before and after the buffer is never touched, so a fresh
// allocation's slack costs address space, not memory; a recycled one's
// is cleared by Go with the rest, and the garbage collector counts it
// all: 2 MiB more for a buffer whose size is a multiple of 2 MiB (a
// 16 MiB part takes 18 MiB), under 4 MiB more for any other.
//
// The advice stays on the address range after the buffer is freed (Go
// never unmaps its heap), so later Go objects there may also get huge
// pages, and the kernel may compact memory on a fault in the range
// (THP defrag "madvise"). The ranges are bounded by the buffers: the
// read-ahead budget and the part buffers in flight.
package hugebuf

import (
	"os"
	"slices"
	"strings"
)

const hugePage = 2 << 20

// MinSize is the smallest buffer Make advises on: smaller buffers hold
// at most one huge page and gain little.
const MinSize = 4 << 20

// Make returns a zeroed buffer of n bytes, like make([]byte, n). Its
// capacity is n.
func Make(n int) []byte {
	if n < MinSize || disabled || !aligned {
		return make([]byte, n)
	}
	whole := (n + hugePage - 1) &^ (hugePage - 1)
	raw := make([]byte, whole+hugePage)
	skip := hugeAligned(raw)
	advise(raw[skip : skip+whole])
	return raw[skip : skip+n : skip+n]
}

// disabled is GODEBUG=disablethp=1, the Go runtime's own switch for
// keeping a process off huge pages: it turns the advice off too.
var disabled = slices.Contains(strings.Split(os.Getenv("GODEBUG"), ","), "disablethp=1")
