package vfs

import (
	"path"
	"strings"
)

// Path names a node below an account: the account itself (Container ""),
// a container (Key ""), or a key inside it. Key never starts or ends with
// "/"; a directory's objects live under Key + "/".
type Path struct {
	Account, Container, Key string
}

// Child is the path of name inside p.
func (p Path) Child(name string) Path {
	switch {
	case p.Container == "":
		return Path{Account: p.Account, Container: name}
	case p.Key == "":
		return Path{Account: p.Account, Container: p.Container, Key: name}
	}
	return Path{Account: p.Account, Container: p.Container, Key: p.Key + "/" + name}
}

// Parent is the directory holding p.
func (p Path) Parent() Path {
	switch {
	case p.Key != "":
		i := strings.LastIndexByte(p.Key, '/')
		if i < 0 {
			return Path{Account: p.Account, Container: p.Container}
		}
		return Path{Account: p.Account, Container: p.Container, Key: p.Key[:i]}
	case p.Container != "":
		return Path{Account: p.Account}
	}
	return p
}

// Name is p's last element.
func (p Path) Name() string {
	switch {
	case p.Key != "":
		return path.Base(p.Key)
	case p.Container != "":
		return p.Container
	}
	return p.Account
}

// IsAccount reports whether p is an account's top directory.
func (p Path) IsAccount() bool { return p.Container == "" }

// IsContainer reports whether p is a container's top directory.
func (p Path) IsContainer() bool { return p.Container != "" && p.Key == "" }

// prefix is the key prefix of the objects inside directory p.
func (p Path) prefix() string {
	if p.Key == "" {
		return ""
	}
	return p.Key + "/"
}

// under reports whether q is p or inside p (same container).
func (p Path) under(q Path) bool {
	if p.Account != q.Account || p.Container != q.Container {
		return false
	}
	return q.Key == "" || p.Key == q.Key || strings.HasPrefix(p.Key, q.Key+"/")
}

// rebase moves p from below old to below new.
func (p Path) rebase(old, new Path) Path {
	rest := strings.TrimPrefix(strings.TrimPrefix(p.Key, old.Key), "/")
	if rest == "" {
		return new
	}
	return new.Child(rest)
}

func (p Path) String() string {
	s := p.Account
	if p.Container != "" {
		s += "/" + p.Container
	}
	if p.Key != "" {
		s += "/" + p.Key
	}
	return s
}

// LinkSuffix marks a symlink object, as rclone's --links does: the
// symlink "a" is the object "a.rclonelink" whose content is the target.
const LinkSuffix = ".rclonelink"

// linkKey is the object that stores symlink p.
func (p Path) linkKey() string { return p.Key + LinkSuffix }

// markerKey is the directory marker object of directory p.
func (p Path) markerKey() string { return p.Key + "/" }

// validName reports whether name may appear in a directory: not empty,
// not "." or "..", no "/", and not the bare symlink suffix.
func validName(name string) bool {
	return name != "" && name != "." && name != ".." && !strings.Contains(name, "/") &&
		!strings.HasSuffix(name, LinkSuffix)
}
