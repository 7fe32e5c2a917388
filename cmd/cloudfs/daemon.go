package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
)

// daemon is the --daemon protocol that mount and sync share. The parent
// re-runs its own command line in a new session with env set to 1 and the
// write end of a pipe as fd 3. The child does its start-up (mounts, opens
// accounts) and writes "ok" or "error: <why>" to the pipe; the parent
// waits for that line, so a start-up error is reported before it exits.
type daemon struct {
	env      string // marks the child
	what     string // "mount", "sync": the prefix of the parent's errors
	notReady string // what it means when the child exits without a word
	once     sync.Once
}

// isChild reports whether this process is the detached child.
func (d *daemon) isChild() bool { return os.Getenv(d.env) == "1" }

// start runs the child with its output appended to logFile (or nowhere)
// and waits for its verdict.
func (d *daemon) start(logFile string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("%s: find own executable: %w", d.what, err)
	}
	if logFile == "" {
		logFile = os.DevNull
	}
	logf, err := os.OpenFile(logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("%s: --log-file: %w", d.what, err)
	}
	defer logf.Close()
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), d.env+"=1")
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		w.Close()
		return fmt.Errorf("%s: start daemon: %w", d.what, err)
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
		err = errors.New(d.notReady)
	}
	return fmt.Errorf("%s: %w", d.what, err)
}

// ready tells a waiting parent how start-up went, once (a no-op outside
// the child), and returns err.
func (d *daemon) ready(err error) error {
	if !d.isChild() {
		return err
	}
	sent := true
	d.once.Do(func() { sent = false })
	if sent {
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
