// Command mount.cloudfs is the helper that mount(8) runs for filesystems
// of type cloudfs, so that /etc/fstab entries and `mount -t cloudfs` work:
//
//	mount -t cloudfs /etc/cloudfs/config.toml /mnt/cloud -o allow_other,uid=1000
//	# /etc/fstab:
//	/etc/cloudfs/config.toml  /mnt/cloud  cloudfs  allow_other,_netdev  0  0
//
// mount(8) calls it as `mount.cloudfs SOURCE MOUNTPOINT [-o OPTIONS]`.
// SOURCE is a config file, or "cloudfs" (or "default") for the default
// config. It translates the -o options to `cloudfs mount` flags
// (options.go) and runs `cloudfs mount --daemon`, which returns once the
// mount is ready, or with its error. cloudfs is looked for next to this
// program, then in PATH.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

func main() {
	args, err := translate(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "mount.cloudfs: "+err.Error())
		os.Exit(1) // mount(8): incorrect invocation
	}
	bin, err := cloudfsBinary()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mount.cloudfs: "+err.Error())
		os.Exit(1)
	}
	err = syscall.Exec(bin, append([]string{bin}, args...), os.Environ())
	fmt.Fprintf(os.Stderr, "mount.cloudfs: exec %s: %v\n", bin, err)
	os.Exit(1)
}

// cloudfsBinary finds the cloudfs program.
func cloudfsBinary() (string, error) {
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "cloudfs")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath("cloudfs")
	if err != nil {
		return "", fmt.Errorf("cloudfs is neither next to mount.cloudfs nor in PATH")
	}
	return p, nil
}
