package vfs

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteThenRead(t *testing.T) {
	tv := newTestVFS(t, Options{})
	data := pattern(3<<20 + 17)
	tv.writeFile("a/b.bin", data, 128<<10)
	got, err := tv.get("a/b.bin")
	require.NoError(t, err)
	assert.Equal(t, data, got)
	assert.Equal(t, data, tv.readAll("a/b.bin", 128<<10))
	assert.EqualValues(t, 1, tv.Stats().Streamed.Load())
	assert.EqualValues(t, 0, tv.Stats().Staged.Load())
	a, err := tv.Stat(tv.ctx, p("a/b.bin"))
	require.NoError(t, err)
	assert.Equal(t, KindFile, a.Kind)
	assert.EqualValues(t, len(data), a.Size)
	a, err = tv.Stat(tv.ctx, p("a"))
	require.NoError(t, err)
	assert.Equal(t, KindDir, a.Kind)
}

func TestLookupKinds(t *testing.T) {
	tv := newTestVFS(t, Options{})
	tv.put("f", []byte("x"))
	tv.put("d/", nil)
	tv.put("implied/x", []byte("y"))
	tv.put("l"+LinkSuffix, []byte("target"))
	for key, want := range map[string]Kind{"f": KindFile, "d": KindDir, "implied": KindDir, "l": KindSymlink} {
		a, err := tv.Lookup(tv.ctx, p(""), key)
		require.NoError(t, err, key)
		assert.Equal(t, want, a.Kind, key)
	}
	_, err := tv.Lookup(tv.ctx, p(""), "missing")
	assert.Equal(t, syscall.ENOENT, err)
	_, err = tv.Lookup(tv.ctx, p(""), "l"+LinkSuffix)
	assert.Equal(t, syscall.ENOENT, err)
	target, err := tv.Readlink(tv.ctx, p("l"))
	require.NoError(t, err)
	assert.Equal(t, "target", target)
	assert.Equal(t, []string{"d/", "f", "implied/", "l@"}, tv.names(""))
}

func TestReaddirFillsCache(t *testing.T) {
	tv := newTestVFS(t, Options{})
	for _, k := range []string{"dir/a", "dir/b", "dir/c/", "dir/d/e"} {
		tv.put(k, []byte(k))
	}
	assert.Equal(t, []string{"a", "b", "c/", "d/"}, tv.names("dir"))
	tv.drv.ResetCalls()
	for _, n := range []string{"a", "b", "c", "d"} {
		_, err := tv.LookupListed(tv.ctx, p("dir"), n)
		require.NoError(t, err)
	}
	_, err := tv.Lookup(tv.ctx, p("dir"), "nope")
	assert.Equal(t, syscall.ENOENT, err)
	assert.Zero(t, tv.drv.Calls(memory.OpStat)+tv.drv.Calls(memory.OpList), "lookups after a listing must not reach the provider")
	// A lookup by name completes the listing's attributes once.
	a, err := tv.Lookup(tv.ctx, p("dir"), "a")
	require.NoError(t, err)
	assert.True(t, a.MetaKnown)
	_, err = tv.Lookup(tv.ctx, p("dir"), "a")
	require.NoError(t, err)
	assert.EqualValues(t, 1, tv.drv.Calls(memory.OpStat))
}

func TestReaddirPaged(t *testing.T) {
	tv := newTestVFS(t, Options{})
	const n = 2500 // more than two default pages
	for i := range n {
		tv.put("big/"+string(rune('a'+i%26))+time.Duration(i).String(), nil)
	}
	tv.drv.ResetCalls()
	assert.Len(t, tv.names("big"), n)
	assert.GreaterOrEqual(t, tv.drv.Calls(memory.OpList), int64(3))
}

func TestMkdirRmdir(t *testing.T) {
	tv := newTestVFS(t, Options{})
	_, err := tv.Mkdir(tv.ctx, p("d"), 0o755)
	require.NoError(t, err)
	_, err = tv.get("d/")
	require.NoError(t, err, "marker object")
	_, err = tv.Mkdir(tv.ctx, p("d"), 0o755)
	assert.Equal(t, syscall.EEXIST, err)
	tv.writeFile("d/f", []byte("x"), 1)
	assert.Equal(t, syscall.ENOTEMPTY, tv.Rmdir(tv.ctx, p("d")))
	require.NoError(t, tv.Unlink(tv.ctx, p("d/f")))
	require.NoError(t, tv.Rmdir(tv.ctx, p("d")))
	_, err = tv.get("d/")
	assert.Error(t, err)
	_, err = tv.Stat(tv.ctx, p("d"))
	assert.Equal(t, syscall.ENOENT, err)
}

func TestSeekBackSwitchesToStaging(t *testing.T) {
	tv := newTestVFS(t, Options{})
	h, _, err := tv.Create(tv.ctx, p("f"), os.O_RDWR|os.O_CREATE, 0o644)
	require.NoError(t, err)
	data := pattern(1 << 20)
	_, err = h.Write(tv.ctx, data, 0)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("HEADER"), 0)
	require.NoError(t, err)
	assert.EqualValues(t, 1, tv.Stats().Spilled.Load())
	require.NoError(t, h.Flush(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	copy(data, "HEADER")
	got, err := tv.get("f")
	require.NoError(t, err)
	assert.Equal(t, data, got)
	assert.Zero(t, tv.stage.Used(), "staging space is freed at close")
}

func TestSeekBackPastSpillFails(t *testing.T) {
	tv := newTestVFS(t, Options{StreamSpillMax: 64 << 10})
	h, _, err := tv.Create(tv.ctx, p("f"), os.O_WRONLY|os.O_CREATE, 0o644)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, pattern(128<<10), 0)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("x"), 0)
	assert.ErrorIs(t, err, syscall.EIO)
	assert.ErrorIs(t, h.Flush(tv.ctx), syscall.EIO)
	require.NoError(t, h.Release(tv.ctx))
	_, err = tv.get("f")
	assert.Error(t, err, "nothing half-written")
}

func TestFailedCommitLeavesNothing(t *testing.T) {
	tv := newTestVFS(t, Options{})
	h, _, err := tv.Create(tv.ctx, p("f"), os.O_WRONLY|os.O_CREATE, 0o644)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("hello"), 0)
	require.NoError(t, err)
	tv.drv.FailNext(memory.OpCommit, nil)
	err = h.Flush(tv.ctx)
	require.Error(t, err)
	require.NoError(t, h.Release(tv.ctx))
	_, err = tv.get("f")
	assert.Error(t, err)
	_, err = tv.Stat(tv.ctx, p("f"))
	assert.Equal(t, syscall.ENOENT, err)
}

func TestOverwriteAppendTruncate(t *testing.T) {
	tv := newTestVFS(t, Options{})
	tv.put("f", []byte("hello world"))
	// append
	h, err := tv.Open(tv.ctx, p("f"), os.O_WRONLY|os.O_APPEND)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("!"), 0)
	require.NoError(t, err)
	require.NoError(t, h.Flush(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	got, _ := tv.get("f")
	assert.Equal(t, "hello world!", string(got))
	// pwrite in the middle
	h, err = tv.Open(tv.ctx, p("f"), os.O_RDWR)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("W"), 6)
	require.NoError(t, err)
	buf := make([]byte, 100)
	n, err := h.Read(tv.ctx, buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "hello World!", string(buf[:n]))
	require.NoError(t, h.Flush(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	got, _ = tv.get("f")
	assert.Equal(t, "hello World!", string(got))
	// truncate by path
	sz := int64(5)
	_, err = tv.Setattr(tv.ctx, p("f"), nil, SetAttr{Size: &sz})
	require.NoError(t, err)
	got, _ = tv.get("f")
	assert.Equal(t, "hello", string(got))
	// O_TRUNC overwrite streams
	h, err = tv.Open(tv.ctx, p("f"), os.O_WRONLY|os.O_TRUNC)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("new"), 0)
	require.NoError(t, err)
	require.NoError(t, h.Flush(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	got, _ = tv.get("f")
	assert.Equal(t, "new", string(got))
}

func TestRenameOpenFileRetargets(t *testing.T) {
	tv := newTestVFS(t, Options{})
	tv.put("dst", []byte("old"))
	h, _, err := tv.Create(tv.ctx, p(".dst.swp"), os.O_WRONLY|os.O_CREATE, 0o644)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("new content"), 0)
	require.NoError(t, err)
	require.NoError(t, tv.Rename(tv.ctx, p(".dst.swp"), p("dst"), 0))
	tv.drv.ResetCalls()
	require.NoError(t, h.Flush(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	got, err := tv.get("dst")
	require.NoError(t, err)
	assert.Equal(t, "new content", string(got))
	_, err = tv.get(".dst.swp")
	assert.Error(t, err)
	assert.EqualValues(t, 1, tv.drv.Calls(memory.OpCommit), "uploaded once")
	assert.Zero(t, tv.drv.Calls(memory.OpRename)+tv.drv.Calls(memory.OpCopy))
}

func TestRenameDir(t *testing.T) {
	tv := newTestVFS(t, Options{Concurrency: 3})
	for _, k := range []string{"src/", "src/a", "src/b/c", "src/b/d", "other", "x/y"} {
		tv.put(k, []byte(k))
	}
	require.NoError(t, tv.Rename(tv.ctx, p("src"), p("dst"), 0))
	for _, k := range []string{"dst/", "dst/a", "dst/b/c", "dst/b/d"} {
		_, err := tv.get(k)
		assert.NoError(t, err, k)
	}
	_, err := tv.Stat(tv.ctx, p("src"))
	assert.Equal(t, syscall.ENOENT, err)
	assert.Equal(t, []string{"dst/", "other", "x/"}, tv.names(""))
	// onto a non-empty dir
	assert.Equal(t, syscall.ENOTEMPTY, tv.Rename(tv.ctx, p("dst"), p("x"), 0))
}

func TestSetattrAndXattr(t *testing.T) {
	tv := newTestVFS(t, Options{MetaDelay: -1})
	tv.put("f.txt", []byte("x"))
	mt := time.Unix(1600000000, 0)
	mode := uint32(0o600)
	_, err := tv.Setattr(tv.ctx, p("f.txt"), nil, SetAttr{Mtime: &mt, Mode: &mode})
	require.NoError(t, err)
	attrs, err := tv.acct.Stat(tv.ctx, "bkt", "f.txt")
	require.NoError(t, err)
	assert.True(t, attrs.ModTime.Equal(mt))
	assert.Equal(t, "100600", attrs.Metadata[ModeKey])
	require.NoError(t, tv.Setxattr(tv.ctx, p("f.txt"), nil, "user.color", []byte("blue"), 0))
	attrs, _ = tv.acct.Stat(tv.ctx, "bkt", "f.txt")
	assert.Equal(t, "blue", attrs.Metadata["color"])
	v, err := tv.Getxattr(tv.ctx, p("f.txt"), "user.color")
	require.NoError(t, err)
	assert.Equal(t, "blue", string(v))
	ct, err := tv.Getxattr(tv.ctx, p("f.txt"), XattrContentType)
	require.NoError(t, err)
	assert.Equal(t, "text/plain; charset=utf-8", string(ct))
	etag, err := tv.Getxattr(tv.ctx, p("f.txt"), XattrETag)
	require.NoError(t, err)
	assert.Equal(t, attrs.ETag, string(etag))
	names, err := tv.Listxattr(tv.ctx, p("f.txt"))
	require.NoError(t, err)
	assert.Equal(t, []string{"user.color", XattrETag, XattrContentType}, names)
	require.NoError(t, tv.Removexattr(tv.ctx, p("f.txt"), nil, "user.color"))
	_, err = tv.Getxattr(tv.ctx, p("f.txt"), "user.color")
	assert.Equal(t, ENODATA, err)
	a, err := tv.Stat(tv.ctx, p("f.txt"))
	require.NoError(t, err)
	assert.Equal(t, uint32(0o600), a.Mode, "mode survives the xattr update")
}

// Writing to a file known only from a listing (no metadata yet) fetches
// its metadata while the file is locked: it must not ask the file itself.
func TestWriteAfterListing(t *testing.T) {
	tv := newTestVFS(t, Options{})
	tv.put("d/f", []byte("abc"))
	assert.Equal(t, []string{"f"}, tv.names("d"))
	for i, flags := range []int{os.O_WRONLY | os.O_APPEND, os.O_RDWR} {
		h, err := tv.Open(tv.ctx, p("d/f"), flags)
		require.NoError(t, err)
		_, err = h.Write(tv.ctx, []byte("!"), int64(3+i))
		require.NoError(t, err)
		require.NoError(t, h.Flush(tv.ctx))
		require.NoError(t, h.Release(tv.ctx))
		tv.meta.forget(p("d/f"))
		assert.Equal(t, []string{"f"}, tv.names("d"))
	}
	got, err := tv.get("d/f")
	require.NoError(t, err)
	assert.Equal(t, "abc!!", string(got))
	sz := int64(1)
	tv.meta.forget(p("d/f"))
	assert.Equal(t, []string{"f"}, tv.names("d"))
	_, err = tv.Setattr(tv.ctx, p("d/f"), nil, SetAttr{Size: &sz})
	require.NoError(t, err)
	got, _ = tv.get("d/f")
	assert.Equal(t, "a", string(got))
}

// chmod and utimes of a closed file wait (MetaDelay) so that a rename
// right after stores them in the same step; unmount stores the rest.
func TestQueuedMetadata(t *testing.T) {
	tv := newTestVFS(t, Options{MetaDelay: time.Hour})
	tv.writeFile(".f.tmp", []byte("data"), 4)
	tv.writeFile("g", []byte("other"), 5)
	mt := time.Unix(1500000000, 0)
	mode := uint32(0o640)
	tv.drv.ResetCalls()
	for _, key := range []string{".f.tmp", "g"} {
		_, err := tv.Setattr(tv.ctx, p(key), nil, SetAttr{Mode: &mode})
		require.NoError(t, err)
		_, err = tv.Setattr(tv.ctx, p(key), nil, SetAttr{Mtime: &mt})
		require.NoError(t, err)
		a, err := tv.Stat(tv.ctx, p(key))
		require.NoError(t, err)
		assert.True(t, a.Mtime.Equal(mt), "visible through the mount at once")
		assert.Equal(t, mode, a.Mode)
	}
	assert.Zero(t, tv.drv.Calls(memory.OpSetMetadata), "queued")
	require.NoError(t, tv.Rename(tv.ctx, p(".f.tmp"), p("f"), 0))
	attrs, err := tv.acct.Stat(tv.ctx, "bkt", "f")
	require.NoError(t, err)
	assert.True(t, attrs.ModTime.Equal(mt), "stored with the rename")
	assert.Equal(t, "100640", attrs.Metadata[ModeKey])
	attrs, err = tv.acct.Stat(tv.ctx, "bkt", "g")
	require.NoError(t, err)
	assert.False(t, attrs.ModTime.Equal(mt), "g still queued")
	require.NoError(t, tv.Close(tv.ctx))
	attrs, err = tv.acct.Stat(tv.ctx, "bkt", "g")
	require.NoError(t, err)
	assert.True(t, attrs.ModTime.Equal(mt), "stored at unmount")
	assert.Equal(t, "100640", attrs.Metadata[ModeKey])
}

// A rename onto a file whose own upload is in flight waits for it: the
// renamed object is what dst holds afterwards, not the late upload.
func TestRenameOntoFileBeingUploaded(t *testing.T) {
	tv := newTestVFS(t, Options{})
	tv.put("src", []byte("renamed"))
	started := make(chan struct{}, 1)
	tv.drv.SetFault(func(op memory.Op, container, key string) error {
		if op == memory.OpCommit && key == "dst" {
			started <- struct{}{}
			time.Sleep(200 * time.Millisecond)
		}
		return nil
	})
	h, _, err := tv.Create(tv.ctx, p("dst"), os.O_WRONLY|os.O_CREATE, 0o644)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("uploaded"), 0)
	require.NoError(t, err)
	flushed := make(chan error, 1)
	go func() { flushed <- h.Flush(tv.ctx) }()
	<-started
	require.NoError(t, tv.Rename(tv.ctx, p("src"), p("dst"), 0))
	require.NoError(t, <-flushed)
	require.NoError(t, h.Release(tv.ctx))
	got, err := tv.get("dst")
	require.NoError(t, err)
	assert.Equal(t, "renamed", string(got))
}
