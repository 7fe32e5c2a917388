package fusefs

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// mmapHelperEnv names a file for the test binary to map and hash in a
// child process (mappedSum). A test must not touch a mapping of its own
// mount: a page fault is not a system call, so the faulting thread keeps
// its P, and a garbage collection the mount's handlers start then waits
// for it forever while it waits for them.
const mmapHelperEnv = "CLOUDFS_TEST_MMAP"

// mmapHelper is the child's side: it prints the SHA-256 of the file's
// content read through a shared read-only mapping.
func mmapHelper(name string) int {
	f, err := os.Open(name)
	if err == nil {
		var st os.FileInfo
		if st, err = f.Stat(); err == nil {
			var b []byte
			if b, err = syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED); err == nil {
				fmt.Printf("%x\n", sha256.Sum256(b))
				_ = syscall.Munmap(b)
				return 0
			}
		}
	}
	fmt.Fprintln(os.Stderr, "mmap:", err)
	return 1
}

// mappedSum maps name in a child process and returns the SHA-256 of what
// the mapping holds, hex-encoded.
func mappedSum(t *testing.T, name string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), mmapHelperEnv+"="+name)
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		err = fmt.Errorf("%w: %s", err, ee.Stderr)
	}
	require.NoError(t, err)
	return strings.TrimSpace(string(out))
}
