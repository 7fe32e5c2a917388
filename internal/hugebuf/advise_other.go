//go:build !linux

package hugebuf

func advise([]byte) {}
