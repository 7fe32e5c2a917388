package main

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/cloudfs/cloudfs/config"
)

// location is a command-line path: "account:container/key" for storage,
// anything else for a local file. "account:" alone is the account (its
// containers), "account:container" a container. A local path with a colon
// in its first element needs a "./" in front.
type location struct {
	Raw       string
	Account   string // "" for a local path
	Container string
	Key       string
	Local     string // the local path when Account == ""
}

func parseLocation(s string) location {
	if name, rest, ok := strings.Cut(s, ":"); ok && config.ValidName(name) {
		rest = strings.TrimLeft(rest, "/")
		c, k, _ := strings.Cut(rest, "/")
		return location{Raw: s, Account: name, Container: c, Key: k}
	}
	return location{Raw: s, Local: s}
}

func (l location) remote() bool { return l.Account != "" }

// isDirLike reports whether the path names a directory by its form: a
// container root, or a key or local path that ends in '/'.
func (l location) isDirLike() bool {
	if l.remote() {
		return l.Key == "" || strings.HasSuffix(l.Key, "/")
	}
	return strings.HasSuffix(l.Local, "/") || strings.HasSuffix(l.Local, string(filepath.Separator))
}

// base is the last element of the path: a key's last segment, the
// container's name at a container root, a local file's name.
func (l location) base() string {
	if l.remote() {
		if k := strings.TrimRight(l.Key, "/"); k != "" {
			return path.Base(k)
		}
		return l.Container
	}
	p := filepath.Clean(l.Local)
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return filepath.Base(p)
}

// join appends a slash-separated relative path.
func (l location) join(rel string) location {
	if rel == "" {
		return l
	}
	out := l
	if l.remote() {
		k := l.Key
		if k != "" && !strings.HasSuffix(k, "/") {
			k += "/"
		}
		out.Key = k + rel
		out.Raw = l.Account + ":" + l.Container + "/" + out.Key
		return out
	}
	out.Local = filepath.Join(l.Local, filepath.FromSlash(rel))
	out.Raw = out.Local
	return out
}

// dirPrefix is the key prefix of everything "inside" a remote path.
func (l location) dirPrefix() string {
	if l.Key == "" || strings.HasSuffix(l.Key, "/") {
		return l.Key
	}
	return l.Key + "/"
}
