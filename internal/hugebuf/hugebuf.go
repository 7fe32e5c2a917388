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
// Make asks for huge pages with madvise(MADV_HUGEPAGE) on the buffer's
// 2 MiB-aligned interior before anything touches it. That is what the
// kernel's "madvise" THP mode (the usual default) waits for; in "always"
// mode it changes nothing, in "never" mode the advice is ignored, and
// elsewhere than Linux Make is plain make.
package hugebuf

// MinSize is the smallest buffer Make advises on: smaller buffers hold
// at most one aligned huge page and gain little.
const MinSize = 4 << 20

// Make returns a zeroed buffer of n bytes, like make([]byte, n).
func Make(n int) []byte {
	b := make([]byte, n)
	if n >= MinSize {
		advise(b)
	}
	return b
}
