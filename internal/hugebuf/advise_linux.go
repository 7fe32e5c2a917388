package hugebuf

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// aligned: on Linux, Make places the buffer on a huge-page boundary.
const aligned = true

// advise marks b, which starts on a huge-page boundary, for huge pages.
// Errors (a kernel without THP) are ignored: the buffer works the same
// either way.
func advise(b []byte) {
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
}

// hugeAligned returns the first huge-page boundary in b as an offset.
func hugeAligned(b []byte) int {
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return int((hugePage - start%hugePage) % hugePage)
}
