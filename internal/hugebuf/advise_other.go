//go:build !linux

package hugebuf

const aligned = false

func advise([]byte) {}

func hugeAligned([]byte) int { return 0 }
