package fusefs

import (
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/cloudfs/cloudfs/fs/vfs"
	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
	"golang.org/x/sys/unix"
)

// Options tune the kernel side of a mount.
type Options struct {
	AllowOther bool
	Debug      bool        // log every FUSE request
	Trees      []Tree      // top-level trees beside storage/
	Logger     *log.Logger // go-fuse's diagnostics (nil: none)
	// KernelReadAhead is the kernel's read-ahead for the mount, in bytes
	// (default 4 MiB; negative: leave the kernel's 128 KiB). A sequential
	// read then reaches the VFS as 1 MiB requests instead of 128 KiB
	// ones, which halves the CPU a FUSE read costs. Setting it needs root
	// (it is the mount's /sys/class/bdi/*/read_ahead_kb); without, the
	// kernel's default stays.
	KernelReadAhead int
	// DirectIO makes every open file bypass the kernel's page cache
	// (FOPEN_DIRECT_IO), as rclone's --direct-io does: each read(2) is
	// one request to the mount, answered straight into the reader's
	// buffer. Big reads (1 MiB) get faster; small ones (a few KiB) turn
	// into a round trip each and get much slower. Shared mmap keeps
	// working on kernels that allow it for such files (6.6 and later).
	DirectIO bool
}

// Server is a live mount.
type Server struct {
	srv        *fuse.Server
	mountpoint string
}

// Mount serves v at mountpoint and returns once the kernel has the mount.
// Kernel entry timeouts follow the VFS's DirCacheTime and attribute
// timeouts its AttrTimeout, so the kernel never trusts a name longer than
// the VFS does.
func Mount(mountpoint string, v *vfs.VFS, o Options) (*Server, error) {
	vo := v.Options()
	m := &mountFS{v: v, uid: vo.UID, gid: vo.GID, directIO: o.DirectIO}
	root := &rootNode{m: m, trees: o.Trees}
	entry, attr := vo.DirCacheTime, vo.AttrTimeout
	mo := fuse.MountOptions{
		AllowOther: o.AllowOther, FsName: "cloudfs", Name: "cloudfs", Debug: o.Debug,
		MaxWrite: 1 << 20, MaxReadAhead: 1 << 20, MaxBackground: 64,
		// Replies are memory buffers (one copy from the read-ahead chunk);
		// go-fuse's splice path only helps fd-backed replies, and it
		// fails on replies over the pipe size (1 MiB reads).
		DisableSplice: true,
		// O_TRUNC reaches Open, so an overwrite streams instead of being
		// an empty upload followed by the new content.
		ExtraCapabilities: fuse.CAP_ATOMIC_O_TRUNC,
		DirectMount:       true, // mount(2) directly as root; fusermount3 otherwise
		Logger:            o.Logger,
	}
	if o.DirectIO {
		// shared mmap of files opened with FOPEN_DIRECT_IO (kernels
		// before 6.6 do not offer it and refuse such maps with ENODEV)
		mo.ExtraCapabilities |= fuse.CAP_DIRECT_IO_ALLOW_MMAP
	}
	if vo.ReadOnly {
		mo.Options = append(mo.Options, "ro")
	}
	srv, err := gofs.Mount(mountpoint, root, &gofs.Options{
		MountOptions: mo, EntryTimeout: &entry, AttrTimeout: &attr, NegativeTimeout: &entry,
		UID: vo.UID, GID: vo.GID, Logger: o.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("mount %s: %w", mountpoint, err)
	}
	if o.KernelReadAhead >= 0 {
		ra := o.KernelReadAhead
		if ra == 0 {
			ra = 4 << 20
		}
		setKernelReadAhead(mountpoint, ra)
	}
	return &Server{srv: srv, mountpoint: mountpoint}, nil
}

// setKernelReadAhead sets the read-ahead of the mount's backing device,
// if it may (root); a failure leaves the kernel's default.
func setKernelReadAhead(mountpoint string, bytes int) {
	var st syscall.Stat_t
	if err := syscall.Stat(mountpoint, &st); err != nil {
		return
	}
	bdi := fmt.Sprintf("/sys/class/bdi/%d:%d/read_ahead_kb", unix.Major(st.Dev), unix.Minor(st.Dev))
	_ = os.WriteFile(bdi, []byte(strconv.Itoa(bytes>>10)), 0o644)
}

// Wait blocks until the filesystem is unmounted.
func (s *Server) Wait() { s.srv.Wait() }

// Unmount detaches the mount; it fails (EBUSY) while files are open.
func (s *Server) Unmount() error { return s.srv.Unmount() }

// UnmountLazy detaches the mount even while it is busy (MNT_DETACH, or
// fusermount3 -uz).
func (s *Server) UnmountLazy() error { return Unmount(s.mountpoint, true) }

// Unmount detaches the cloudfs mount at mountpoint from another process:
// umount(2) as root, fusermount3 -u otherwise. lazy detaches a busy
// mount (it goes away when its last file is closed).
func Unmount(mountpoint string, lazy bool) error {
	flags := 0
	if lazy {
		flags = syscall.MNT_DETACH
	}
	err := syscall.Unmount(mountpoint, flags)
	if err == nil || !errors.Is(err, syscall.EPERM) {
		return err
	}
	args := []string{"-u"}
	if lazy {
		args = append(args, "-z")
	}
	bin, lerr := exec.LookPath("fusermount3")
	if lerr != nil {
		if bin, lerr = exec.LookPath("fusermount"); lerr != nil {
			return fmt.Errorf("unmount %s: %w (and no fusermount3 in PATH)", mountpoint, err)
		}
	}
	out, err := exec.Command(bin, append(args, mountpoint)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %v %s: %w: %s", bin, args, mountpoint, err, out)
	}
	return nil
}

// WaitGone polls until mountpoint is no longer a mount (after a lazy
// unmount) or timeout passes.
func WaitGone(mountpoint string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if !IsMounted(mountpoint) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
