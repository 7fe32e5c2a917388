package hugebuf

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMakeIsAZeroedBuffer(t *testing.T) {
	for _, n := range []int{0, 1, MinSize - 1, MinSize, 3*MinSize + 12345} {
		b := Make(n)
		require.Len(t, b, n)
		for i, c := range b {
			if c != 0 {
				t.Fatalf("Make(%d)[%d] = %d, want 0", n, i, c)
			}
		}
	}
}

// TestMakeAdvisesHugePages: on Linux with THP in "madvise" or "always"
// mode, a big buffer starts on a huge-page boundary and lies, first page
// to last, in a mapping the kernel may back with huge pages (smaps'
// THPeligible).
func TestMakeAdvisesHugePages(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("huge-page advice is Linux only")
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skipf("this kernel has transparent huge pages off (%q, %v)", mode, err)
	}
	for _, n := range []int{8 << 20, 5<<20 + 12345} {
		b := Make(n)
		require.Len(t, b, n)
		require.Equal(t, n, cap(b))
		start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		require.Zero(t, start%hugePage, "Make(%d) starts at %#x, not on a huge page", n, start)
		for _, addr := range []uintptr{start, start + uintptr(n) - 1} {
			eligible, found := thpEligible(t, addr)
			require.True(t, found, "no mapping holds %#x", addr)
			assert.True(t, eligible, "Make(%d): %#x is not THP-eligible", n, addr)
		}
		runtime.KeepAlive(b)
	}
}

// thpEligible reads /proc/self/smaps for the mapping holding addr.
func thpEligible(t *testing.T, addr uintptr) (eligible, found bool) {
	f, err := os.Open("/proc/self/smaps")
	require.NoError(t, err)
	defer f.Close()
	s := bufio.NewScanner(f)
	in := false
	for s.Scan() {
		line := s.Text()
		if lo, hi, ok := mappingRange(line); ok {
			in = addr >= lo && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "THPeligible:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "THPeligible:")) == "1", true
		}
	}
	require.NoError(t, s.Err())
	return false, false
}

// mappingRange parses a smaps header line "lo-hi perms ...".
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	r, _, _ := strings.Cut(line, " ")
	a, b, ok := strings.Cut(r, "-")
	if !ok {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}
