package local

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// xattrStore keeps meta in the xattr user.cloudfs.meta of the file (or
// marker directory) itself, so it moves with os.Rename and disappears with
// the file.
type xattrStore struct{}

var _ metaStore = xattrStore{}

func (xattrStore) get(_, _, path string) (*meta, error) {
	b, err := getxattr(path)
	if err != nil || b == nil {
		return nil, err
	}
	var m meta
	if json.Unmarshal(b, &m) != nil {
		return nil, nil // unreadable: as if there were none
	}
	return &m, nil
}

func (xattrStore) set(_, key, path string, m *meta) error {
	b, err := json.Marshal(m)
	if err != nil {
		return errs.E(errs.InvalidArgument, "local.setMetadata", key, err)
	}
	if err := setxattr(path, b); err != nil {
		if tooBig(err) {
			return errs.Errorf(errs.ResourceExhausted, "local.setMetadata", key, "%d bytes of metadata do not fit in an xattr", len(b))
		}
		return mapErr("local.setMetadata", key, err)
	}
	return nil
}

func (xattrStore) del(_, key, path string) error {
	return mapErr("local.deleteMetadata", key, removexattr(path))
}

func (xattrStore) moved(string, string, string, string) error { return nil }
func (xattrStore) beforeCommit() bool                         { return true }

// sidecarStore keeps meta in <container>/.cloudfs-meta/<h[:2]>/<h>.json
// where h is the SHA-256 of the key: a flat namespace where no key can
// collide with another or with a directory.
type sidecarStore struct{ d *Driver }

var _ metaStore = sidecarStore{}

func sidecarPath(cdir, key string) string {
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:])
	return filepath.Join(cdir, metaDir, h[:2], h+".json")
}

func (sidecarStore) get(cdir, key, _ string) (*meta, error) {
	b, err := os.ReadFile(sidecarPath(cdir, key))
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, mapErr("local.getMetadata", key, err)
	}
	var m meta
	if json.Unmarshal(b, &m) != nil {
		return nil, nil
	}
	return &m, nil
}

// set writes the sidecar atomically: a temporary file, then a rename.
func (s sidecarStore) set(cdir, key, _ string, m *meta) error {
	const op = "local.setMetadata"
	b, err := json.Marshal(m)
	if err != nil {
		return errs.E(errs.InvalidArgument, op, key, err)
	}
	p := sidecarPath(cdir, key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return mapErr(op, key, err)
	}
	f, err := newTemp(cdir)
	if err != nil {
		return mapErr(op, key, err)
	}
	_, err = f.Write(b)
	if err == nil && s.d.sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return mapErr(op, key, err)
	}
	return nil
}

func (sidecarStore) del(cdir, key, _ string) error {
	err := os.Remove(sidecarPath(cdir, key))
	if isNotExist(err) {
		return nil
	}
	return mapErr("local.deleteMetadata", key, err)
}

func (s sidecarStore) moved(cdir, srcKey, dstKey, _ string) error {
	src, dst := sidecarPath(cdir, srcKey), sidecarPath(cdir, dstKey)
	if _, err := os.Stat(src); isNotExist(err) {
		return s.del(cdir, dstKey, "")
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return mapErr("local.moveMetadata", dstKey, err)
	}
	return mapErr("local.moveMetadata", dstKey, os.Rename(src, dst))
}

func (sidecarStore) beforeCommit() bool { return false }
