package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// Daemon mode: the parent re-runs this same command line in a new
// session with daemonEnv set and the write end of a pipe as fd 3. The
// child mounts and writes "ok" (or "error: <why>") to the pipe; the parent
// waits for that line, so a mount error is reported before it exits.
const daemonEnv = "CLOUDFS_MOUNT_DAEMON"

func isDaemonChild() bool { return os.Getenv(daemonEnv) == "1" }

// daemonize starts the child and waits for its verdict.
func daemonize(ctx context.Context, opts *mountOptions, mountpoint string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("mount: find own executable: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), daemonEnv+"=1")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Stdin = nil
	if cmd.Stdout, cmd.Stderr, err = daemonLog(opts.LogFile); err != nil {
		w.Close()
		return err
	}
	if err := cmd.Start(); err != nil {
		w.Close()
		return fmt.Errorf("mount: start daemon: %w", err)
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	line = strings.TrimSpace(line)
	switch {
	case line == "ok":
		_ = cmd.Process.Release()
		return nil
	case strings.HasPrefix(line, "error: "):
		_ = cmd.Wait()
		return errors.New(strings.TrimPrefix(line, "error: "))
	}
	_ = cmd.Wait()
	if err == nil || errors.Is(err, io.EOF) {
		err = errors.New("the daemon exited before mounting")
	}
	return fmt.Errorf("mount %s: %w", mountpoint, err)
}

// daemonLog opens the daemon's log, or /dev/null.
func daemonLog(path string) (*os.File, *os.File, error) {
	if path == "" {
		path = os.DevNull
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("mount: --log-file: %w", err)
	}
	return f, f, nil
}

// reportReady tells a waiting parent how the mount went (a no-op outside
// daemon mode) and returns err.
func reportReady(err error) error {
	if !isDaemonChild() {
		return err
	}
	pipe := os.NewFile(3, "ready")
	if pipe == nil {
		return err
	}
	defer pipe.Close()
	msg := "ok\n"
	if err != nil {
		msg = "error: " + oneLine(err.Error()) + "\n"
	}
	if _, werr := pipe.WriteString(msg); werr != nil && err == nil {
		return werr
	}
	return err
}
