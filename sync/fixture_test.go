package sync_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
	"github.com/cloudfs/cloudfs/drivers/storage/local"
	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/cloudfs/cloudfs/drivers/storage/s3"
	"github.com/cloudfs/cloudfs/drivers/storage/s3/s3test"
	csync "github.com/cloudfs/cloudfs/sync"
	"github.com/cloudfs/cloudfs/sync/internal/synctest"
	"github.com/stretchr/testify/require"
)

// fixture is one side of a test sync, with ways to arrange and inspect it
// that do not go through the engine.
type fixture interface {
	side(opts csync.LocalOptions) csync.Side
	write(t *testing.T, path, data string, mtime time.Time)
	remove(t *testing.T, path string)
	tree(t *testing.T) map[string]string
	local() bool
}

// dirFix is a local directory.
type dirFix struct{ root string }

func newDir(t *testing.T) *dirFix {
	d := &dirFix{root: filepath.Join(t.TempDir(), "tree")}
	require.NoError(t, os.Mkdir(d.root, 0o755))
	return d
}

func (d *dirFix) side(o csync.LocalOptions) csync.Side { return csync.NewLocal(d.root, o) }
func (d *dirFix) local() bool                          { return true }

func (d *dirFix) path(p string) string { return filepath.Join(d.root, filepath.FromSlash(p)) }

func (d *dirFix) write(t *testing.T, p, data string, mtime time.Time) {
	t.Helper()
	full := d.path(p)
	require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(t, os.WriteFile(full, []byte(data), 0o644))
	require.NoError(t, os.Chtimes(full, mtime, mtime))
}

func (d *dirFix) remove(t *testing.T, p string) {
	t.Helper()
	require.NoError(t, os.Remove(d.path(p)))
}

func (d *dirFix) tree(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(d.root, func(p string, de os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return nil // the root not made yet, or a directory removed while we look
		}
		if err != nil || de.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(d.root, p)
		if de.Type()&os.ModeSymlink != 0 {
			out[filepath.ToSlash(rel)] = "->link"
			return nil
		}
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			return nil
		}
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	require.NoError(t, err)
	return out
}

// storeFix is a prefix of a container in a storage account.
type storeFix struct {
	acct      *storage.Account
	mem       *memory.Driver     // nil unless the account is a memory one
	count     *synctest.Counting // counts every driver call
	raw       *storage.Account   // the same account without the counter (it hides optional interfaces)
	container string
	prefix    string
}

// newStore wraps d in a counter and makes a container with a fresh name.
func newStore(t *testing.T, name string, d driver.Driver) *storeFix {
	c := synctest.NewCounting(d)
	a := storage.New(name, c)
	bucket := fmt.Sprintf("bkt-%d", bucketSeq.Add(1))
	require.NoError(t, a.CreateContainer(context.Background(), bucket))
	return &storeFix{acct: a, raw: storage.New(name, d), count: c, container: bucket, prefix: "pre/fix"}
}

var bucketSeq atomic.Int64

// newLocalStore is the local storage driver (files under a root).
func newLocalStore(t *testing.T) *storeFix {
	d, err := local.NewWithOptions(t.TempDir(), local.Options{NoSync: true})
	require.NoError(t, err)
	return newStore(t, "files", d)
}

// newLocalStoreAt is an account on the local driver at root.
func newLocalStoreAt(t *testing.T, root string) *storage.Account {
	d, err := local.NewWithOptions(root, local.Options{NoSync: true})
	require.NoError(t, err)
	return storage.New("files", d)
}

// newS3 is a bucket on the shared MinIO.
func newS3(t *testing.T) *storeFix {
	srv := s3test.Shared(t)
	d, err := s3.New(context.Background(), params.Params{Account: "minio", Driver: "s3", Options: srv.Options()})
	require.NoError(t, err)
	return newStore(t, "minio", d)
}

func newMem(t *testing.T) *storeFix {
	d := memory.New()
	s := newStore(t, "mem", d)
	s.mem = d
	return s
}

func (s *storeFix) side(csync.LocalOptions) csync.Side {
	return csync.NewStorage(s.acct, s.container, s.prefix)
}
func (s *storeFix) local() bool { return false }

func (s *storeFix) key(p string) string { return s.prefix + "/" + p }

func (s *storeFix) write(t *testing.T, p, data string, mtime time.Time) {
	t.Helper()
	ctx := context.Background()
	w, err := s.acct.NewWriter(ctx, s.container, s.key(p), &storage.WriterOptions{ModTime: mtime, SizeHint: int64(len(data))})
	require.NoError(t, err)
	_, err = io.Copy(w, strings.NewReader(data))
	require.NoError(t, err)
	require.NoError(t, w.Close())
}

func (s *storeFix) remove(t *testing.T, p string) {
	t.Helper()
	require.NoError(t, s.acct.Delete(context.Background(), s.container, s.key(p)))
}

func (s *storeFix) tree(t *testing.T) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for o, err := range s.acct.List(ctx, s.container, &storage.ListOptions{Prefix: s.prefix + "/"}) {
		require.NoError(t, err)
		r, err := s.acct.NewReader(ctx, s.container, o.Key, nil)
		if errs.Is(err, errs.NotFound) {
			continue // deleted since it was listed (a sync is running)
		}
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = io.Copy(&b, r)
		r.Close()
		require.NoError(t, err)
		out[strings.TrimPrefix(o.Key, s.prefix+"/")] = b.String()
	}
	return out
}

func TestMain(m *testing.M) { s3test.Main(m) }
