package sync

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Downloads are written to a temp file in the destination directory and
// renamed into place. Its name starts with tempPrefix and ends with
// tempSuffix; listings never show such files, so a temp file left by a
// killed process is never taken for a real one.
const (
	tempPrefix = ".cloudfs-"
	tempSuffix = ".tmp"
)

func tempPattern() string {
	return tempPrefix + strconv.Itoa(os.Getpid()) + "-*" + tempSuffix
}

func isTempName(name string) bool {
	return strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, tempSuffix)
}

// staleTemp reports whether a temp file was left by a process that is gone
// (and is old enough that no live process can be about to rename it).
func staleTemp(name string, age time.Duration) bool {
	rest := strings.TrimPrefix(name, tempPrefix)
	pidStr, _, ok := strings.Cut(rest, "-")
	if !ok {
		return false
	}
	pid, err := strconv.Atoi(pidStr)
	if err != nil || pid <= 0 {
		return false
	}
	if age < time.Minute {
		return false
	}
	if pid == os.Getpid() {
		return false
	}
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
