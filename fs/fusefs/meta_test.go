package fusefs

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestTouchChmodPersisted(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{MetaDelay: -1}) // stored before chmod returns
		p := m.path("f.txt")
		require.NoError(t, os.WriteFile(p, []byte("x"), 0o644))
		mt := time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)
		require.NoError(t, os.Chtimes(p, mt, mt))
		require.NoError(t, os.Chmod(p, 0o600))
		attrs, err := m.stat("f.txt")
		require.NoError(t, err)
		assert.True(t, attrs.ModTime.Equal(mt), "mtime in metadata: %v", attrs.ModTime)
		assert.Equal(t, "100600", attrs.Metadata[vfs.ModeKey], "mode in metadata (rclone's form)")

		// What a fresh mount (nothing cached) sees.
		m2 := remount(t, m)
		st, err := os.Stat(m2.path("f.txt"))
		require.NoError(t, err)
		assert.True(t, st.ModTime().Equal(mt), "mtime: %v", st.ModTime())
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())

		// touch with no time: now; `cp -p`-style futimens before close.
		before := time.Now().Add(-time.Second)
		require.NoError(t, exec.Command("touch", p).Run())
		st, err = os.Stat(p)
		require.NoError(t, err)
		assert.True(t, st.ModTime().After(before))
		f, err := os.Create(m.path("g.txt"))
		require.NoError(t, err)
		_, err = f.WriteString("data")
		require.NoError(t, err)
		require.NoError(t, unix.Futimes(int(f.Fd()), []unix.Timeval{{Sec: mt.Unix()}, {Sec: mt.Unix()}}))
		require.NoError(t, f.Close())
		attrs, err = m.stat("g.txt")
		require.NoError(t, err)
		assert.True(t, attrs.ModTime.Equal(mt), "futimens before close: %v", attrs.ModTime)
	})
}

// chmod and utimes of a closed file are queued; a rename stores them in
// its own copy, and unmount stores the rest.
func TestQueuedMetadataThroughMount(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{MetaDelay: time.Hour})
		mt := time.Date(2019, 5, 6, 7, 8, 9, 0, time.UTC)
		for _, name := range []string{".a.tmp", "b"} {
			require.NoError(t, os.WriteFile(m.path(name), []byte(name), 0o644))
			require.NoError(t, os.Chmod(m.path(name), 0o600))
			require.NoError(t, os.Chtimes(m.path(name), mt, mt))
		}
		m.calls.reset()
		require.NoError(t, os.Rename(m.path(".a.tmp"), m.path("a")))
		st, err := os.Stat(m.path("a"))
		require.NoError(t, err)
		assert.True(t, st.ModTime().Equal(mt))
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		attrs, err := m.stat("a")
		require.NoError(t, err)
		assert.True(t, attrs.ModTime.Equal(mt), "stored with the rename")
		assert.Equal(t, "100600", attrs.Metadata[vfs.ModeKey])
		if m.acct.Features().ServerSideCopy && !m.acct.Features().NativeRename {
			assert.EqualValues(t, 1, m.calls.copy.Load(), "one copy for chmod, utimes and rename")
			assert.Zero(t, m.calls.setMeta.Load())
		}
		require.NoError(t, m.srv.Unmount())
		require.NoError(t, m.v.Close(t.Context()))
		attrs, err = m.stat("b")
		require.NoError(t, err)
		assert.True(t, attrs.ModTime.Equal(mt), "stored at unmount")
		assert.Equal(t, "100600", attrs.Metadata[vfs.ModeKey])
	})
}

// remount mounts m's container again, with an empty cache.
func remount(t *testing.T, m *mounted) *mounted {
	t.Helper()
	v, err := vfs.New(map[string]*vfsAccount{"acct": m.acct}, vfs.Options{CacheDir: t.TempDir()})
	require.NoError(t, err)
	mnt := t.TempDir()
	srv, err := Mount(mnt, v, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { unmountForTest(t, srv, mnt, v) })
	m2 := *m
	m2.mnt, m2.v, m2.srv = mnt, v, srv
	m2.dir = mnt + "/storage/acct/" + m.container
	return &m2
}

func TestXattrs(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		p := m.path("f.json")
		require.NoError(t, os.WriteFile(p, []byte("{}"), 0o644))
		require.NoError(t, unix.Setxattr(p, "user.owner", []byte("alice"), 0))
		attrs, err := m.stat("f.json")
		require.NoError(t, err)
		assert.Equal(t, "alice", attrs.Metadata["owner"], "user xattr is user metadata")
		buf := make([]byte, 256)
		n, err := unix.Getxattr(p, "user.owner", buf)
		require.NoError(t, err)
		assert.Equal(t, "alice", string(buf[:n]))
		n, err = unix.Getxattr(p, "user.cloudfs.etag", buf)
		require.NoError(t, err)
		assert.Equal(t, attrs.ETag, string(buf[:n]))
		n, err = unix.Getxattr(p, "user.cloudfs.content_type", buf)
		require.NoError(t, err)
		assert.Equal(t, "application/json", string(buf[:n]))
		n, err = unix.Listxattr(p, buf)
		require.NoError(t, err)
		assert.Equal(t, []string{"user.owner", "user.cloudfs.etag", "user.cloudfs.content_type"},
			strings.Split(strings.TrimSuffix(string(buf[:n]), "\x00"), "\x00"))
		assert.ErrorIs(t, unix.Setxattr(p, "user.cloudfs.etag", []byte("x"), 0), syscall.EPERM, "read-only")
		assert.ErrorIs(t, unix.Setxattr(p, "trusted.x", []byte("x"), 0), syscall.ENOTSUP)
		// Namespaces the mount does not support say so (ENOTSUP, which ls
		// remembers per filesystem), rather than "not set" (ENODATA,
		// which ls asks again for every file).
		for _, name := range []string{"security.selinux", "security.capability", "system.posix_acl_access", "trusted.x"} {
			_, err = unix.Getxattr(p, name, buf)
			assert.ErrorIs(t, err, syscall.ENOTSUP, name)
			_, err = unix.Getxattr(m.dir, name, buf)
			assert.ErrorIs(t, err, syscall.ENOTSUP, name+" of a directory")
		}
		require.NoError(t, unix.Removexattr(p, "user.owner"))
		_, err = unix.Getxattr(p, "user.owner", buf)
		assert.ErrorIs(t, err, syscall.ENODATA)
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, "{}", string(got), "content untouched")
	})
}

func TestSymlinks(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{})
		require.NoError(t, os.WriteFile(m.path("target.txt"), []byte("T"), 0o644))
		require.NoError(t, os.Symlink("target.txt", m.path("link")))
		got, err := m.object("link.rclonelink")
		require.NoError(t, err)
		assert.Equal(t, "target.txt", string(got), "rclone's form")
		m.putObject(t, "other.rclonelink", []byte("/etc/hostname"))
		target, err := os.Readlink(m.path("other"))
		require.NoError(t, err)
		assert.Equal(t, "/etc/hostname", target)
		data, err := os.ReadFile(m.path("link"))
		require.NoError(t, err)
		assert.Equal(t, "T", string(data), "followed by the kernel")
		st, err := os.Lstat(m.path("link"))
		require.NoError(t, err)
		assert.Equal(t, os.ModeSymlink, st.Mode()&os.ModeType)
		entries, err := os.ReadDir(m.dir)
		require.NoError(t, err)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		assert.ElementsMatch(t, []string{"link", "other", "target.txt"}, names)
		require.NoError(t, os.Remove(m.path("link")))
		assert.Equal(t, []string{"other.rclonelink", "target.txt"}, m.keys(t))
	})
}

func TestHardLinkENOTSUP(t *testing.T) {
	m := mount(t, memoryDriver(), vfs.Options{})
	require.NoError(t, os.WriteFile(m.path("a"), []byte("a"), 0o644))
	assert.ErrorIs(t, os.Link(m.path("a"), m.path("b")), syscall.ENOTSUP)
	assert.ErrorIs(t, syscall.Mkfifo(m.path("fifo"), 0o644), syscall.ENOTSUP)
}

func TestStatfs(t *testing.T) {
	m := mount(t, memoryDriver(), vfs.Options{})
	for _, p := range []string{m.mnt, m.dir} {
		var st unix.Statfs_t
		require.NoError(t, unix.Statfs(p, &st))
		assert.Greater(t, st.Bavail*uint64(st.Bsize), uint64(1<<40), "plenty of room")
		assert.EqualValues(t, 255, st.Namelen)
	}
	out, err := exec.Command("df", "-h", m.mnt).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "cloudfs")
}

func TestReadOnlyMount(t *testing.T) {
	m := mount(t, memoryDriver(), vfs.Options{ReadOnly: true})
	m.putObject(t, "x", []byte("x"))
	got, err := os.ReadFile(m.path("x"))
	require.NoError(t, err)
	assert.Equal(t, "x", string(got))
	assert.ErrorIs(t, os.WriteFile(m.path("y"), nil, 0o644), syscall.EROFS)
	assert.ErrorIs(t, os.Remove(m.path("x")), syscall.EROFS)
	assert.ErrorIs(t, os.Mkdir(m.path("d"), 0o755), syscall.EROFS)
}

// A file whose metadata the mount is storing (a copy onto itself on S3)
// stays in every listing of its directory: MinIO leaves such an object out
// of a listing made meanwhile, and rsync's last check lost a file to it.
func TestListingDuringMetadataUpdates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		m := mount(t, b.open(t), vfs.Options{MetaDelay: -1}) // each utimes is a copy
		want := []string{"a.txt", "b.txt", "c.txt"}
		require.NoError(t, os.Mkdir(m.path("d"), 0o755))
		for _, n := range want {
			require.NoError(t, os.WriteFile(m.path("d/"+n), []byte(n), 0o644))
		}
		stop := make(chan struct{})
		updates := make(chan int)
		go func() {
			n := 0
			defer func() { updates <- n }()
			for {
				select {
				case <-stop:
					return
				default:
				}
				mt := time.Unix(1_600_000_000+int64(n), 0)
				if os.Chtimes(m.path("d/a.txt"), mt, mt) == nil {
					n++
				}
			}
		}()
		lists, wrong := 0, 0
		for end := time.Now().Add(3 * time.Second); time.Now().Before(end); lists++ {
			es, err := os.ReadDir(m.path("d"))
			require.NoError(t, err)
			var got []string
			for _, e := range es {
				got = append(got, e.Name())
			}
			if !assert.Equal(t, want, got, "listing %d", lists) {
				wrong++
			}
			if wrong > 3 {
				break
			}
		}
		close(stop)
		n := <-updates
		assert.Greater(t, n, 20, "metadata updates made")
		assert.Greater(t, lists, 20, "listings made")
	})
}
