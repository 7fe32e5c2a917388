package local

import (
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"path"
	"strings"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// meta is what the driver stores beside an object's bytes.
type meta struct {
	ContentType string            `json:"content_type,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
	// ETag is the hex MD5 of the content; valid while the file's size and
	// mtime equal Size and MtimeNs.
	ETag    string `json:"etag,omitempty"`
	Size    int64  `json:"size,omitempty"`
	MtimeNs int64  `json:"mtime_ns,omitempty"`
	// StoredNs is when this version was committed (LastModified).
	StoredNs int64 `json:"stored_ns,omitempty"`
	// Marker: the directory was written as a directory marker; ModTimeNs
	// is its mtime (a directory's own mtime changes with its entries).
	Marker    bool  `json:"marker,omitempty"`
	ModTimeNs int64 `json:"mod_time_ns,omitempty"`
}

// metaStore keeps meta for a key: in an xattr of the file itself or in a
// sidecar file.
type metaStore interface {
	// get returns the key's meta, or nil if it has none.
	get(cdir, key, path string) (*meta, error)
	// set stores m; path may be a temporary file about to become key.
	set(cdir, key, path string, m *meta) error
	// del removes the key's meta; no error if it has none.
	del(cdir, key, path string) error
	// moved is called after the file at srcKey was renamed to dstKey.
	moved(cdir, srcKey, dstKey, dstPath string) error
	// beforeCommit reports whether set must be called on the temporary
	// file before the rename (xattrs) rather than after (sidecars).
	beforeCommit() bool
}

// emptyMD5 is the MD5 of no bytes: the ETag of a directory marker.
const emptyMD5 = "d41d8cd98f00b204e9800998ecf8427e"

// stamp records fi's size and mtime in m, making m.ETag valid for fi.
func (m *meta) stamp(fi fs.FileInfo) {
	m.Size, m.MtimeNs = fi.Size(), fi.ModTime().UnixNano()
}

// attributes builds an object's attributes from its file and meta (m
// may be nil).
func attributes(key string, fi fs.FileInfo, m *meta) *driver.Attributes {
	a := &driver.Attributes{
		Size:         fi.Size(),
		ModTime:      fi.ModTime(),
		LastModified: fi.ModTime(),
		Metadata:     map[string]string{},
	}
	if m != nil {
		a.ContentType = m.ContentType
		if m.Metadata != nil {
			a.Metadata = maps.Clone(m.Metadata)
		}
		if m.StoredNs != 0 {
			a.LastModified = time.Unix(0, m.StoredNs)
		}
	}
	a.ContentType = defaultContentType(a.ContentType, key)
	switch {
	case fi.IsDir():
		a.Size, a.ETag = 0, emptyMD5
		a.MD5, _ = hex.DecodeString(emptyMD5)
		if m != nil && m.ModTimeNs != 0 {
			a.ModTime = time.Unix(0, m.ModTimeNs)
		}
	case m != nil && m.ETag != "" && m.Size == fi.Size() && m.MtimeNs == fi.ModTime().UnixNano():
		a.ETag = m.ETag
		a.MD5, _ = hex.DecodeString(m.ETag)
	default:
		a.ETag = weakETag(fi)
	}
	return a
}

// weakETag stands in for the MD5 of a file with no valid stored ETag.
func weakETag(fi fs.FileInfo) string {
	return fmt.Sprintf("%x-%x", fi.ModTime().UnixNano(), fi.Size())
}

// cleanMetadata copies md with lower-case keys and without the mtime key,
// which lives in the file's mtime.
func cleanMetadata(md map[string]string) map[string]string {
	if len(md) == 0 {
		return nil
	}
	out := make(map[string]string, len(md))
	for k, v := range md {
		k = strings.ToLower(k)
		if k != driver.MtimeKey {
			out[k] = v
		}
	}
	return out
}

// defaultContentType guesses from the key's extension when none is set.
func defaultContentType(ct, key string) string {
	if ct != "" {
		return ct
	}
	if t := mime.TypeByExtension(path.Ext(strings.TrimSuffix(key, "/"))); t != "" {
		return t
	}
	return "application/octet-stream"
}
