package hugebuf

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

const hugePage = 2 << 20

// advise marks the 2 MiB-aligned pages inside b for huge pages. Errors
// (a kernel without THP) are ignored: the buffer works the same either
// way.
func advise(b []byte) {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	skip := (hugePage - start%hugePage) % hugePage
	if uintptr(len(b)) < skip+hugePage {
		return
	}
	n := (uintptr(len(b)) - skip) &^ (hugePage - 1)
	_ = unix.Madvise(b[skip:skip+n], unix.MADV_HUGEPAGE)
}
