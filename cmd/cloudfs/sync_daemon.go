package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

// `cloudfs sync --daemon` re-runs the same command line in a new session
// with syncDaemonEnv set and a pipe as fd 3. The child opens the accounts
// and checks the sides, then writes "ok" (or "error: <why>"); the parent
// waits for that line, so a configuration error is reported before it
// exits. The child writes --pid-file itself before it says "ok".
const syncDaemonEnv = "CLOUDFS_SYNC_DAEMON"

func isSyncDaemonChild() bool { return os.Getenv(syncDaemonEnv) == "1" }

func daemonizeSync(o *syncOptions) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("sync: find own executable: %w", err)
	}
	logPath := o.LogFile
	if logPath == "" {
		logPath = os.DevNull
	}
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("sync: --log-file: %w", err)
	}
	defer logf.Close()
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), syncDaemonEnv+"=1")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		w.Close()
		return fmt.Errorf("sync: start daemon: %w", err)
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	line = strings.TrimSpace(line)
	switch {
	case line == "ok":
		return cmd.Process.Release()
	case strings.HasPrefix(line, "error: "):
		_ = cmd.Wait()
		return errors.New(strings.TrimPrefix(line, "error: "))
	}
	_ = cmd.Wait()
	if err == nil || errors.Is(err, io.EOF) {
		err = errors.New("the daemon exited before it was ready")
	}
	return fmt.Errorf("sync: %w", err)
}

// syncReady tells a waiting parent how start-up went, once (a no-op
// outside daemon mode), and returns err.
func syncReady(err error) error {
	if !isSyncDaemonChild() || syncReadySent {
		return err
	}
	syncReadySent = true
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

var syncReadySent bool
