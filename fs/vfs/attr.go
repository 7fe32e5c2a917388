package vfs

import (
	"maps"
	"strconv"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage"
)

// Kind is a node's type.
type Kind uint8

// The node kinds.
const (
	KindFile Kind = iota + 1
	KindDir
	KindSymlink
)

func (k Kind) String() string {
	switch k {
	case KindFile:
		return "file"
	case KindDir:
		return "dir"
	case KindSymlink:
		return "symlink"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Attr is what the VFS knows about a node.
type Attr struct {
	Kind  Kind
	Size  int64
	Mtime time.Time
	// Mode holds the permission bits (07777) stored in the object's
	// metadata, or 0 when it has none (then the mount's default applies).
	Mode        uint32
	ETag        string
	ContentType string
	// Meta is the object's user metadata without the mtime and mode keys.
	// It is complete only when MetaKnown (it came from a Stat or from the
	// mount's own write); listings carry no metadata.
	Meta      map[string]string
	MetaKnown bool
	Target    string // a symlink's target, when known
}

// ModeKey is the metadata key that carries a file's mode, as an octal
// string with the file-type bits ("100644"), which is the form rclone's
// metadata uses.
const ModeKey = "mode"

// formatMode renders perm bits for kind in rclone's form.
func formatMode(kind Kind, perm uint32) string {
	typ := uint32(0o100000)
	switch kind {
	case KindDir:
		typ = 0o040000
	case KindSymlink:
		typ = 0o120000
	}
	return strconv.FormatUint(uint64(typ|perm&0o7777), 8)
}

// parseMode reads the perm bits out of a stored mode; 0 if absent or bad.
func parseMode(s string) uint32 {
	if s == "" {
		return 0
	}
	n, err := strconv.ParseUint(s, 8, 32)
	if err != nil {
		return 0
	}
	return uint32(n) & 0o7777
}

// attrFromStat converts a Stat result.
func attrFromStat(kind Kind, a *storage.Attributes) Attr {
	meta := maps.Clone(a.Metadata)
	if meta == nil {
		meta = map[string]string{}
	}
	mode := parseMode(meta[ModeKey])
	delete(meta, ModeKey)
	return Attr{
		Kind: kind, Size: a.Size, Mtime: a.ModTime, Mode: mode, ETag: a.ETag,
		ContentType: a.ContentType, Meta: meta, MetaKnown: true,
	}
}

// attrFromListing converts a listing entry (no metadata).
func attrFromListing(kind Kind, o storage.ObjectInfo) Attr {
	return Attr{Kind: kind, Size: o.Size, Mtime: o.ModTime, ETag: o.ETag}
}

// metadata is the user metadata to store for a with perm bits.
func (a Attr) metadata() map[string]string {
	m := make(map[string]string, len(a.Meta)+1)
	maps.Copy(m, a.Meta)
	if a.Mode != 0 {
		m[ModeKey] = formatMode(a.Kind, a.Mode)
	}
	return m
}

// clone copies a, including its metadata map.
func (a Attr) clone() Attr {
	a.Meta = maps.Clone(a.Meta)
	return a
}
