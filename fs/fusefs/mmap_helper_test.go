package fusefs

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
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
// the mapping holds, hex-encoded, or the child's error.
func mappedSum(t *testing.T, name string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), mmapHelperEnv+"="+name)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		err = fmt.Errorf("%w: %s", err, ee.Stderr)
	}
	return strings.TrimSpace(string(out)), err
}
