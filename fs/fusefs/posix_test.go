package fusefs

import (
	"sort"
	"testing"

	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/hanwen/go-fuse/v2/posixtest"
)

// posixSkips lists the go-fuse posixtest cases that cannot apply to object
// storage, each with its reason. Every other case in posixtest.All runs
// (on every backend) and must pass; a case that skips itself is reported
// as a failure unless it is listed here.
var posixSkips = map[string]string{
	"Link":             "hard links do not exist in object storage: link(2) gives ENOTSUP (tested in TestHardLinkENOTSUP)",
	"LinkUnlinkRename": "renames through link(2) + unlink(2), and link(2) gives ENOTSUP",
	"Tmpfile":          "O_TMPFILE makes a file with no name, and an object always has one (ENOTSUP)",
	"FcntlFlockLocksFile": "the provider has no locks, so the mount leaves POSIX locks to the kernel, which keeps them " +
		"per process as POSIX says; the case expects two descriptors of one process to conflict, which only a " +
		"filesystem that implements locks itself per lock owner does (FcntlFlockSetLk, which needs no conflict, runs)",
}

// posixSkipsOn adds the cases a backend cannot pass, with the reason.
var posixSkipsOn = map[string]map[string]string{
	"s3": {
		"XAttrLarge": "S3 caps an object's user metadata at 2 KiB in all (MetadataTooLarge), so an 8 KiB user " +
			"xattr cannot be stored (TestXattrs covers xattrs on S3)",
	},
	"local": {
		"XAttrLarge": "the local driver keeps an object's metadata in one xattr of its file, which ext4 caps at a " +
			"block (4 KiB), so an 8 KiB user xattr fails with ENOSPC, as S3's 2 KiB metadata limit does",
	},
}

func TestPosix(t *testing.T) {
	names := make([]string, 0, len(posixtest.All))
	for name := range posixtest.All {
		names = append(names, name)
	}
	sort.Strings(names)
	forEachBackend(t, func(t *testing.T, b backend) {
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				if why, ok := posixSkips[name]; ok {
					t.Skip(why)
				}
				if why, ok := posixSkipsOn[b.name][name]; ok {
					t.Skip(why)
				}
				m := mount(t, b.open(t), vfs.Options{})
				ran := false
				t.Run("case", func(t *testing.T) {
					posixtest.All[name](t, m.dir)
					ran = !t.Skipped()
				})
				if !ran && !t.Failed() {
					t.Errorf("posixtest %s skipped itself; fix it or list it in posixSkips with a reason", name)
				}
			})
		}
	})
}
