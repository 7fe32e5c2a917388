package fusefs

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/stretchr/testify/require"
)

// TestRandomOpsMatchLocalDir applies one seeded random sequence of file
// operations to the mount and to a plain local directory, and requires
// the same outcome (errno) for each and the same tree after. Set
// CLOUDFS_FUZZ_SEED to replay a failing seed (the log shows it).
func TestRandomOpsMatchLocalDir(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CLOUDFS_FUZZ_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
		seed = n
	}
	counts := map[string]int{"memory": 2000, "local": 2000, "s3": 600}
	forEachBackend(t, func(t *testing.T, b backend) {
		t.Logf("seed %d (replay with CLOUDFS_FUZZ_SEED=%d)", seed, seed)
		m := mount(t, b.open(t), vfs.Options{})
		r := &randomRun{t: t, rng: rand.New(rand.NewPCG(seed, 7)), mnt: m.dir, ref: t.TempDir()}
		for i := range counts[b.name] {
			r.step(i)
			if i%100 == 99 {
				r.compareTrees(i)
			}
		}
		r.compareTrees(counts[b.name])
		t.Logf("ops: %v", r.ops)
	})
}

type randomRun struct {
	t        *testing.T
	rng      *rand.Rand
	mnt, ref string
	ops      map[string]int
}

var (
	randDirs  = []string{"", "d0", "d1", "d0/e0", "d1/e1", "d0/e0/g"}
	randNames = []string{"f0", "f1", "f2", "f3", "d0", "d1", "e0", "e1"}
)

func (r *randomRun) pick(list []string) string { return list[r.rng.IntN(len(list))] }

// path is a random path at most three levels down.
func (r *randomRun) path() string {
	return filepath.Join(r.pick(randDirs), r.pick(randNames))
}

func (r *randomRun) data() []byte {
	n := r.rng.IntN(4096)
	if r.rng.IntN(10) == 0 {
		n = r.rng.IntN(1 << 20)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.rng.Uint32())
	}
	return b
}

// step runs one random operation on both trees and compares outcomes.
func (r *randomRun) step(i int) {
	if r.ops == nil {
		r.ops = map[string]int{}
	}
	type op struct {
		name string
		do   func(root string) error
	}
	p, q := r.path(), r.path()
	data := r.data()
	off := int64(r.rng.IntN(8192))
	size := int64(r.rng.IntN(8192))
	ops := []op{
		{"create", func(root string) error { return os.WriteFile(filepath.Join(root, p), data, 0o644) }},
		{"pwrite", func(root string) error { return pwrite(filepath.Join(root, p), data, off) }},
		{"append", func(root string) error { return appendTo(filepath.Join(root, p), data) }},
		{"truncate", func(root string) error { return os.Truncate(filepath.Join(root, p), size) }},
		{"rename", func(root string) error { return syscall.Rename(filepath.Join(root, p), filepath.Join(root, q)) }},
		{"unlink", func(root string) error { return syscall.Unlink(filepath.Join(root, p)) }},
		{"mkdir", func(root string) error { return syscall.Mkdir(filepath.Join(root, p), 0o755) }},
		{"rmdir", func(root string) error { return syscall.Rmdir(filepath.Join(root, p)) }},
		{"read", func(root string) error { return nil }},
	}
	o := ops[r.rng.IntN(len(ops))]
	r.ops[o.name]++
	if o.name == "read" {
		want, errRef := os.ReadFile(filepath.Join(r.ref, p))
		got, errMnt := os.ReadFile(filepath.Join(r.mnt, p))
		r.sameErr(i, "read "+p, errRef, errMnt)
		if errRef == nil && errMnt == nil && !bytes.Equal(want, got) {
			r.t.Fatalf("op %d: read %s: %d bytes through the mount, want %d (content differs)", i, p, len(got), len(want))
		}
		return
	}
	errRef := o.do(r.ref)
	errMnt := o.do(r.mnt)
	r.sameErr(i, fmt.Sprintf("%s %s %s", o.name, p, q), errRef, errMnt)
}

func (r *randomRun) sameErr(i int, what string, want, got error) {
	r.t.Helper()
	if errnoOf(want) != errnoOf(got) {
		r.t.Fatalf("op %d: %s: local dir says %v, mount says %v", i, what, want, got)
	}
}

func errnoOf(err error) syscall.Errno {
	var en syscall.Errno
	if err == nil {
		return 0
	}
	if errors.As(err, &en) {
		return en
	}
	return syscall.EIO
}

func pwrite(path string, data []byte, off int64) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(data, off); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func appendTo(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// compareTrees walks both trees and requires the same names, kinds, sizes
// and contents.
func (r *randomRun) compareTrees(i int) {
	r.t.Helper()
	want, got := snapshot(r.t, r.ref), snapshot(r.t, r.mnt)
	for p, w := range want {
		if g, ok := got[p]; !ok {
			r.t.Fatalf("after op %d: %s (%s) is missing from the mount", i, p, w)
		} else if g != w {
			r.t.Fatalf("after op %d: %s is %s in the mount, want %s", i, p, g, w)
		}
	}
	for p, g := range got {
		if _, ok := want[p]; !ok {
			r.t.Fatalf("after op %d: the mount has an extra %s (%s)", i, p, g)
		}
	}
}

func snapshot(t *testing.T, root string) map[string]string {
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			out[rel] = "dir"
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[rel] = fmt.Sprintf("file %d %x", len(b), sha256.Sum256(b))
		return nil
	})
	require.NoError(t, err)
	return out
}
