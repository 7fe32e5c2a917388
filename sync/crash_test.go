package sync_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage"
	"github.com/cloudfs/cloudfs/drivers/storage/s3/s3test"
	csync "github.com/cloudfs/cloudfs/sync"
	"github.com/stretchr/testify/require"
)

// buildCrashsync builds sync/internal/crashsync (without -race: it is the
// thing being killed, not the thing being checked).
func buildCrashsync(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "crashsync")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "build", "-o", bin, "./internal/crashsync").CombinedOutput()
	require.NoError(t, err, "build crashsync: %s", out)
	return bin
}

// crashTree is the source tree of the crash test: ~300 files of mixed
// sizes, a few big enough for multipart uploads on S3 (part size 5 MiB),
// and every version each path has had, by MD5.
type crashTree struct {
	root     string
	rnd      *rand.Rand
	cur      map[string]string          // path -> MD5 of the current content
	versions map[string]map[string]bool // path -> MD5s of every version
	next     int
}

func newCrashTree(t *testing.T, rnd *rand.Rand) *crashTree {
	c := &crashTree{root: t.TempDir(), rnd: rnd, cur: map[string]string{}, versions: map[string]map[string]bool{}}
	for range 300 {
		c.add(t)
	}
	return c
}

func (c *crashTree) add(t *testing.T) {
	i := c.next
	c.next++
	c.write(t, fmt.Sprintf("d%d/sub%d/file %03d.bin", i%7, i%3, i), i)
}

func (c *crashTree) write(t *testing.T, p string, i int) {
	t.Helper()
	size := 1 + c.rnd.IntN(40<<10)
	switch {
	case i%75 == 0:
		size = 6<<20 + c.rnd.IntN(5<<20) // multipart on S3
	case i%10 == 0:
		size = 256<<10 + c.rnd.IntN(768<<10)
	}
	data := make([]byte, size)
	for j := 0; j < size; j += 8 {
		v := c.rnd.Uint64()
		for k := 0; k < 8 && j+k < size; k++ {
			data[j+k] = byte(v >> (8 * k))
		}
	}
	full := filepath.Join(c.root, filepath.FromSlash(p))
	require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
	require.NoError(t, os.WriteFile(full+".new", data, 0o644))
	require.NoError(t, os.Rename(full+".new", full)) // as editors save: never half-written
	sum := md5.Sum(data)
	h := hex.EncodeToString(sum[:])
	c.cur[p] = h
	if c.versions[p] == nil {
		c.versions[p] = map[string]bool{}
	}
	c.versions[p][h] = true
}

// churn changes the tree between runs: rewrites, deletes and new files.
func (c *crashTree) churn(t *testing.T) {
	paths := make([]string, 0, len(c.cur))
	for p := range c.cur {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	c.rnd.Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
	for _, p := range paths[:10] {
		var i int
		fmt.Sscanf(p[strings.LastIndex(p, " ")+1:], "%d", &i)
		c.write(t, p, i)
	}
	for _, p := range paths[10:13] {
		require.NoError(t, os.Remove(filepath.Join(c.root, filepath.FromSlash(p))))
		delete(c.cur, p)
	}
	for range 3 {
		c.add(t)
	}
}

// checkObjects fails on any object under prefix that is not, byte for
// byte, some version its source file has had: a partial or torn object
// would show here. With exact, every current file must be there in its
// current version and nothing else. It returns the number of objects.
func (c *crashTree) checkObjects(t *testing.T, acct *storage.Account, container, prefix string, exact bool) int {
	t.Helper()
	ctx := context.Background()
	n := 0
	for o, err := range acct.List(ctx, container, &storage.ListOptions{Prefix: prefix}) {
		if err != nil && errs.Is(err, errs.NotFound) && n == 0 {
			return 0 // the container is not made yet
		}
		require.NoError(t, err)
		p := strings.TrimPrefix(o.Key, prefix)
		vs, ok := c.versions[p]
		require.True(t, ok, "unexpected object %q", o.Key)
		h := strings.Trim(o.ETag, `"`)
		if len(h) != 32 || strings.Contains(h, "-") { // not an MD5 ETag: read it
			r, err := acct.NewReader(ctx, container, o.Key, nil)
			require.NoError(t, err)
			m := md5.New()
			_, err = io.Copy(m, r)
			r.Close()
			require.NoError(t, err)
			h = hex.EncodeToString(m.Sum(nil))
		}
		require.True(t, vs[h], "object %q (%d bytes) is no version of its source: partial or torn", o.Key, o.Size)
		if exact {
			require.Equal(t, c.cur[p], h, "object %q is not the current version", o.Key)
		}
		n++
	}
	if exact {
		require.Equal(t, len(c.cur), n, "objects vs source files")
	}
	return n
}

// TestCrashResume kills a sync with SIGKILL at random moments, 20 times,
// changing the source between runs (rewrites, deletes, new files) so that
// kills land mid-upload and mid-overwrite, and checks after each kill that
// every visible object is whole. Then it lets a run finish and checks that
// the destination equals the source and that a further run has nothing to
// do.
func TestCrashResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary and kills it 20 times per backend; run without -short")
	}
	bin := buildCrashsync(t)
	for _, be := range []struct {
		name string
		dst  func(t *testing.T) (*storage.Account, []string, []string)
	}{
		{"local-driver", func(t *testing.T) (*storage.Account, []string, []string) {
			root := t.TempDir()
			return newLocalStoreAt(t, root), []string{"-local-root", root}, nil
		}},
		{"s3", func(t *testing.T) (*storage.Account, []string, []string) {
			srv := s3test.Shared(t)
			return newS3(t).acct, []string{"-s3-endpoint", srv.Endpoint, "-s3-part-size", "5M"}, srv.Env()
		}},
	} {
		t.Run(be.name, func(t *testing.T) {
			seed := uint64(time.Now().UnixNano())
			t.Logf("seed %d", seed)
			rnd := rand.New(rand.NewPCG(seed, 1))
			tree := newCrashTree(t, rnd)
			acct, dstArgs, env := be.dst(t)
			container := fmt.Sprintf("crash-%d", bucketSeq.Add(1))
			args := append([]string{"-src", tree.root, "-container", container, "-prefix", "p/", "-bwlimit", "20971520"}, dstArgs...)

			for i := range 20 {
				if i >= 2 {
					tree.churn(t)
				}
				cmd := exec.Command(bin, args...)
				cmd.Env = append(os.Environ(), env...)
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				require.NoError(t, cmd.Start())
				delay := time.Duration(20+rnd.IntN(700)) * time.Millisecond
				time.Sleep(delay)
				_ = cmd.Process.Kill() // SIGKILL
				_ = cmd.Wait()
				n := tree.checkObjects(t, acct, container, "p/", false)
				t.Logf("kill %d after %v: %d objects, all whole", i+1, delay, n)
			}

			run := func() csync.Result {
				cmd := exec.Command(bin, args...)
				cmd.Env = append(os.Environ(), env...)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				require.NoError(t, err, "final run: %s", stderr.String())
				var res csync.Result
				require.NoError(t, json.Unmarshal(out, &res))
				return res
			}
			res := run()
			t.Logf("final run: %s", res)
			tree.checkObjects(t, acct, container, "p/", true)
			res = run()
			require.Zero(t, res.Copied, "a run after convergence copies nothing")
			require.Zero(t, res.Deleted)
			require.Equal(t, int64(len(tree.cur)), res.Checked)
		})
	}
}
