package vfs

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/storage/memory"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rsyncSave does what rsync's receiver does with one file: write it to a
// temporary name, close it, set its times and mode, rename it.
func (tv *testVFS) rsyncSave(tmp, final string, data []byte, mtime time.Time, mode uint32) error {
	tv.t.Helper()
	tv.writeFile(tmp, data, 1000)
	_, err := tv.Setattr(tv.ctx, p(tmp), nil, SetAttr{Mtime: &mtime})
	require.NoError(tv.t, err)
	_, err = tv.Setattr(tv.ctx, p(tmp), nil, SetAttr{Mode: &mode})
	require.NoError(tv.t, err)
	return tv.Rename(tv.ctx, p(tmp), p(final), 0)
}

// uploadedOnce checks that key holds data, mtime and mode, written by
// one upload and no copy, rename, delete or metadata update (since the
// driver's calls were last reset).
func (tv *testVFS) uploadedOnce(key string, data []byte, mtime time.Time, mode string) {
	t := tv.t
	t.Helper()
	assert.Equal(t, int64(1), tv.drv.Calls(memory.OpCommit), "one upload")
	assert.Zero(t, tv.drv.Calls(memory.OpCopy)+tv.drv.Calls(memory.OpRename)+tv.drv.Calls(memory.OpDelete)+
		tv.drv.Calls(memory.OpSetMetadata), "no copy, rename, delete or metadata update")
	got, err := tv.get(key)
	require.NoError(t, err)
	assert.Equal(t, data, got)
	attrs, err := tv.acct.Stat(tv.ctx, "bkt", key)
	require.NoError(t, err)
	assert.True(t, attrs.ModTime.Equal(mtime), "mtime %v", attrs.ModTime)
	assert.Equal(t, mode, attrs.Metadata[ModeKey])
}

func TestTempFileUploadedOnceAtRename(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	mtime := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	data := pattern(10_000)
	tv.drv.ResetCalls()
	require.NoError(t, tv.rsyncSave("d/.f.txt.AbC123", "d/f.txt", data, mtime, 0o640))

	tv.uploadedOnce("d/f.txt", data, mtime, "100640")
	_, err := tv.get("d/.f.txt.AbC123")
	assert.Error(t, err, "no object at the temporary name")
	assert.Equal(t, []string{"f.txt"}, tv.names("d"))
	assert.Equal(t, int64(1), tv.Stats().Held.Load())
}

// Until its rename, a held file is a file of the mount like any other.
func TestHeldFileVisible(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	tv.writeFile(".x.ZZZZZZ", []byte("held"), 100)
	a, err := tv.Stat(tv.ctx, p(".x.ZZZZZZ"))
	require.NoError(t, err)
	assert.Equal(t, int64(4), a.Size)
	assert.Equal(t, []byte("held"), tv.readAll(".x.ZZZZZZ", 3))
	assert.Equal(t, []string{".x.ZZZZZZ"}, tv.names(""))
	_, err = tv.get(".x.ZZZZZZ")
	assert.Error(t, err, "not uploaded yet")
}

func TestHeldFileUploadedAfterTempHold(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: 50 * time.Millisecond})
	tv.writeFile(".x.ZZZZZZ", []byte("kept"), 100)
	require.Eventually(t, func() bool {
		got, err := tv.get(".x.ZZZZZZ")
		return err == nil && string(got) == "kept"
	}, 5*time.Second, 10*time.Millisecond, "a temporary file nobody renames is uploaded under its own name")
	assert.Equal(t, []string{".x.ZZZZZZ"}, tv.names(""))
}

// A failed upload fails the rename, and the file stays where it was.
func TestHeldFileFailedUploadFailsRename(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	tv.writeFile(".x.ZZZZZZ", []byte("data"), 100)
	tv.drv.FailNext(memory.OpCommit, nil)
	err := tv.Rename(tv.ctx, p(".x.ZZZZZZ"), p("x"), 0)
	require.Error(t, err)
	_, err = tv.get("x")
	assert.Error(t, err, "no object at the new name")
	assert.Equal(t, []string{".x.ZZZZZZ"}, tv.names(""), "the file is still at its temporary name")
	require.NoError(t, tv.Rename(tv.ctx, p(".x.ZZZZZZ"), p("x"), 0), "a retry works")
	got, err := tv.get("x")
	require.NoError(t, err)
	assert.Equal(t, "data", string(got))
}

func TestHeldFileUnlinkedUploadsNothing(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: 20 * time.Millisecond})
	tv.writeFile(".x.ZZZZZZ", []byte("data"), 100)
	require.NoError(t, tv.Unlink(tv.ctx, p(".x.ZZZZZZ")))
	time.Sleep(100 * time.Millisecond)
	assert.Zero(t, tv.drv.Calls(memory.OpCommit))
	assert.Empty(t, tv.names(""))
}

func TestHeldFileCommittedByFsyncAndClose(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	tv.writeFile(".a.ZZZZZZ", []byte("a"), 100)
	h, err := tv.Open(tv.ctx, p(".a.ZZZZZZ"), os.O_RDWR)
	require.NoError(t, err)
	require.NoError(t, h.Fsync(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	got, err := tv.get(".a.ZZZZZZ")
	require.NoError(t, err, "fsync uploads a held file")
	assert.Equal(t, "a", string(got))

	tv.writeFile(".b.ZZZZZZ", []byte("b"), 100)
	require.NoError(t, tv.Close(tv.ctx))
	got, err = tv.get(".b.ZZZZZZ")
	require.NoError(t, err, "unmount uploads a held file")
	assert.Equal(t, "b", string(got))
}

// Only small new files with rsync's temporary names are held.
func TestWhatIsHeld(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	for _, name := range []string{"plain.txt", ".hidden", ".x.short", ".x.TOOLONG1", "x.ABCDEF"} {
		tv.writeFile(name, []byte("data"), 100)
		_, err := tv.get(name)
		assert.NoError(t, err, "%s is uploaded at close", name)
	}
	big := pattern(holdMaxSize + 1)
	tv.writeFile(".big.ABCDEF", big, 1<<20)
	got, err := tv.get(".big.ABCDEF")
	require.NoError(t, err, "a big temporary file is uploaded at close")
	assert.Equal(t, len(big), len(got))
	tv.put(".old.ABCDEF", []byte("old"))
	tv.overwrite(".old.ABCDEF", os.O_WRONLY|os.O_TRUNC, []byte("new"), 0)
	got, err = tv.get(".old.ABCDEF")
	require.NoError(t, err)
	assert.Equal(t, "new", string(got), "an overwrite is uploaded at close")
	assert.Zero(t, tv.Stats().Held.Load())
}

func TestTempHoldOff(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: -1})
	tv.writeFile(".x.ZZZZZZ", []byte("data"), 100)
	_, err := tv.get(".x.ZZZZZZ")
	assert.NoError(t, err, "uploaded at close")
	assert.Zero(t, tv.Stats().Held.Load())
}

// Abort (SIGTERM with files still open) discards what was never closed,
// but a held file was closed whole: it is uploaded.
func TestAbortUploadsHeldFiles(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	tv.writeFile(".x.ZZZZZZ", []byte("closed"), 100)
	h, _, err := tv.Create(tv.ctx, p("open.txt"), os.O_WRONLY|os.O_CREATE, 0o644)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("half"), 0)
	require.NoError(t, err)
	tv.Abort()
	got, err := tv.get(".x.ZZZZZZ")
	require.NoError(t, err)
	assert.Equal(t, "closed", string(got))
	_, err = tv.get("open.txt")
	assert.Error(t, err, "a file still open is discarded")
}

// mktemp makes an empty held file; a shell's "> $tmp" writes it again;
// mv renames it: the new content is what gets uploaded.
func TestHeldFileWrittenAgain(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	tv.writeFile(".conf.AbC123", nil, 1)
	tv.overwrite(".conf.AbC123", os.O_WRONLY|os.O_TRUNC, []byte("generated"), 0)
	require.NoError(t, tv.Rename(tv.ctx, p(".conf.AbC123"), p("conf"), 0))
	got, err := tv.get("conf")
	require.NoError(t, err)
	assert.Equal(t, "generated", string(got))

	// Written again past what may be held: let go, uploaded at close.
	tv.writeFile(".big.AbC123", nil, 1)
	tv.overwrite(".big.AbC123", os.O_WRONLY|os.O_TRUNC, pattern(holdMaxSize+1), 0)
	got, err = tv.get(".big.AbC123")
	require.NoError(t, err)
	assert.Len(t, got, holdMaxSize+1)
}

// A held file open for writing again is not Abort's to upload: it may be
// half-rewritten.
func TestAbortDiscardsHeldFileOpenForWriting(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: time.Hour})
	tv.writeFile(".x.ZZZZZZ", []byte("first"), 100)
	h, err := tv.Open(tv.ctx, p(".x.ZZZZZZ"), os.O_WRONLY|os.O_TRUNC)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("sec"), 0)
	require.NoError(t, err)
	tv.Abort()
	_, err = tv.get(".x.ZZZZZZ")
	assert.Error(t, err, "nothing half-written is uploaded")
}

// The hold's timer fires and its upload fails while a rename waits for
// the file: the rename fails (the name is gone), it does not "succeed"
// with nothing uploaded.
func TestRenameWaitingOnFailedHeldUpload(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: 10 * time.Millisecond})
	started := tv.failSlowly(".x.ZZZZZZ")
	tv.writeFile(".x.ZZZZZZ", []byte("data"), 100)
	<-started // the timer's upload holds the file
	err := tv.Rename(tv.ctx, p(".x.ZZZZZZ"), p("x"), 0)
	assert.ErrorIs(t, err, syscall.ENOENT)
	_, err = tv.get("x")
	assert.Error(t, err)
	_, err = tv.Stat(tv.ctx, p("x"))
	assert.ErrorIs(t, err, syscall.ENOENT, "no file at the new name")
	assert.Zero(t, tv.OpenFiles())
}

// A directory rename waiting on a held file whose timed upload fails
// does not bring the failed file back under the new name.
func TestRenameDirWaitingOnFailedHeldUpload(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: 10 * time.Millisecond})
	started := tv.failSlowly("d/.x.ZZZZZZ")
	tv.put("d/keep", []byte("k"))
	tv.writeFile("d/.x.ZZZZZZ", []byte("data"), 100)
	<-started
	require.NoError(t, tv.Rename(tv.ctx, p("d"), p("e"), 0))
	assert.Equal(t, []string{"keep"}, tv.names("e"))
	_, err := tv.Stat(tv.ctx, p("e/.x.ZZZZZZ"))
	assert.ErrorIs(t, err, syscall.ENOENT)
	assert.Zero(t, tv.OpenFiles())
}

// The hold's timer does not upload a held file that is being written
// again (it would upload half of it); the next close holds it again and
// the timer starts over.
func TestHoldTimerSkipsRewrite(t *testing.T) {
	tv := newTestVFS(t, Options{TempHold: 30 * time.Millisecond})
	tv.writeFile(".x.ZZZZZZ", []byte("first"), 100)
	h, err := tv.Open(tv.ctx, p(".x.ZZZZZZ"), os.O_WRONLY|os.O_TRUNC)
	require.NoError(t, err)
	_, err = h.Write(tv.ctx, []byte("sec"), 0)
	require.NoError(t, err)
	time.Sleep(150 * time.Millisecond) // the timer fires meanwhile
	_, err = tv.get(".x.ZZZZZZ")
	assert.Error(t, err, "nothing uploaded while it is written again")
	_, err = h.Write(tv.ctx, []byte("ond"), 3)
	require.NoError(t, err)
	require.NoError(t, h.Flush(tv.ctx))
	require.NoError(t, h.Release(tv.ctx))
	require.Eventually(t, func() bool {
		got, err := tv.get(".x.ZZZZZZ")
		return err == nil && string(got) == "second"
	}, 5*time.Second, 10*time.Millisecond)
}

// failSlowly makes the next upload of key fail after 200 ms; the channel
// says when it has started.
func (tv *testVFS) failSlowly(key string) <-chan struct{} {
	started := make(chan struct{}, 1)
	tv.drv.SetFault(func(op memory.Op, _, k string) error {
		if op == memory.OpCommit && k == key {
			started <- struct{}{}
			time.Sleep(200 * time.Millisecond)
			return errors.New("injected: upload failed")
		}
		return nil
	})
	return started
}
