package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

func TestParseLocation(t *testing.T) {
	for _, tc := range []struct {
		in                 string
		account, cont, key string
		local              string
		dirLike            bool
		base               string
	}{
		{in: "minio:", account: "minio", dirLike: true},
		{in: "minio:bucket", account: "minio", cont: "bucket", dirLike: true, base: "bucket"},
		{in: "minio:bucket/", account: "minio", cont: "bucket", dirLike: true, base: "bucket"},
		{in: "minio:/bucket/a/b.txt", account: "minio", cont: "bucket", key: "a/b.txt", base: "b.txt"},
		{in: "minio:bucket/a/", account: "minio", cont: "bucket", key: "a/", dirLike: true, base: "a"},
		{in: "aws-prod.eu:b/k", account: "aws-prod.eu", cont: "b", key: "k", base: "k"},
		{in: "/tmp/x", local: "/tmp/x", base: "x"},
		{in: "/tmp/x/", local: "/tmp/x/", dirLike: true, base: "x"},
		{in: "./a:b", local: "./a:b", base: "a:b"},
		{in: "a b:c", local: "a b:c", base: "a b:c"},
	} {
		l := parseLocation(tc.in)
		assert.Equal(t, tc.account, l.Account, tc.in)
		assert.Equal(t, tc.cont, l.Container, tc.in)
		assert.Equal(t, tc.key, l.Key, tc.in)
		assert.Equal(t, tc.local, l.Local, tc.in)
		assert.Equal(t, tc.dirLike, l.isDirLike(), tc.in)
		if tc.base != "" {
			assert.Equal(t, tc.base, l.base(), tc.in)
		}
	}
	j := parseLocation("m:b/dir").join("x/y")
	assert.Equal(t, "dir/x/y", j.Key)
	assert.Equal(t, "x", parseLocation("m:b").join("x").Key)
	assert.Equal(t, "dir/", parseLocation("m:b/dir").dirPrefix())
	assert.Equal(t, "", parseLocation("m:b").dirPrefix())
}

func TestReason(t *testing.T) {
	for _, tc := range []struct {
		what string
		err  error
		want string
	}{
		{"container", errs.Wrap(errs.E(errs.NotFound, "local.GetContainer", "x", os.ErrNotExist), "storage.GetContainer", "x"), "container not found"},
		{"container", errs.E(errs.NotEmpty, "storage.DeleteContainer", "x", nil), "container not empty"},
		{"", errs.Wrap(errs.Errorf(errs.Unknown, "s3.Get", "b/k", "connection reset"), "storage.Read", "b/k"), "connection reset"},
		{"", errs.Wrap(errs.Errorf(errs.InvalidArgument, "memory.ListSizes", "atlantis", "unknown location"), "compute.ListSizes", "atlantis"), "atlantis: unknown location"},
		{"", errs.E(errs.PermissionDenied, "s3.Get", "b/k", errors.New("AccessDenied")), "permission denied: AccessDenied"},
		{"", errs.E(errs.Canceled, "x", "y", nil), "interrupted"},
		{"", errs.E(errs.InvalidArgument, "account", "m", errs.Errorf(errs.InvalidArgument, "open s3", "m", "option %q: is required", "endpoint")), `account m: option "endpoint": is required`},
		{"", errs.Errorf(errs.InvalidArgument, "config", "/c.toml", "accounts.a.kind: bad"), "config /c.toml: invalid argument: accounts.a.kind: bad"},
		{"", errs.E(errs.Transient, "op", "r", nil), "transient error"},
		{"", errors.New("plain"), "plain"},
	} {
		assert.Equal(t, tc.want, reason("m:b/k", tc.what, tc.err))
	}
}

// failingReader returns some bytes, then an error.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n--
		return copy(p, "partial data "), nil
	}
	return 0, errors.New("network down")
}

func TestWriteFileAtomicLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "out.bin")
	err := writeFileAtomic(dst, &failingReader{n: 3}, time.Time{})
	require.ErrorContains(t, err, "network down")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "neither the file nor a temp file")

	// An existing file is untouched by a failed copy.
	require.NoError(t, os.WriteFile(dst, []byte("old"), 0o644))
	require.Error(t, writeFileAtomic(dst, &failingReader{n: 1}, time.Time{}))
	b, _ := os.ReadFile(dst)
	assert.Equal(t, "old", string(b))

	mtime := time.Date(2019, 5, 6, 7, 8, 9, 0, time.UTC)
	require.NoError(t, writeFileAtomic(dst, strings.NewReader("new"), mtime))
	b, _ = os.ReadFile(dst)
	assert.Equal(t, "new", string(b))
	st, _ := os.Stat(dst)
	assert.True(t, mtime.Equal(st.ModTime()))
}

func TestProgressIsSilentOffTerminal(t *testing.T) {
	var sb strings.Builder
	p := newProgress(&sb, false)
	assert.Nil(t, p, "a strings.Builder is not a terminal")
	r := p.reader(strings.NewReader("abc"))
	b, _ := io.ReadAll(r)
	assert.Equal(t, "abc", string(b))
	p.fileDone(3)
	p.stop()
	assert.Empty(t, sb.String())
	assert.Equal(t, "1.5 KiB", humanBytes(1536))
	assert.Equal(t, "12 B", humanBytes(12))
}

func TestTuneGCForSync(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGCForSync()
	assert.Equal(t, syncGCPercent, debug.SetGCPercent(100))
	assert.Equal(t, int64(syncMemoryLimit), debug.SetMemoryLimit(-1))

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Setenv("GOGC", "")
		t.Setenv("GOMEMLIMIT", "")
		t.Setenv(env, "off")
		debug.SetGCPercent(150)
		debug.SetMemoryLimit(3 << 30)
		tuneGCForSync()
		assert.Equal(t, 150, debug.SetGCPercent(150), "%s set: GOGC left alone", env)
		assert.Equal(t, int64(3<<30), debug.SetMemoryLimit(-1), "%s set: the limit left alone", env)
	}
}
