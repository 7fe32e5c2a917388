// Command cloudfs is the command-line face of cloudfs: it lists and copies
// objects across configured accounts, shows the drivers and accounts, and
// (in mount.go and sync.go) mounts the clouds as a filesystem and keeps
// storage in sync with a local tree. It is a thin layer: each command
// wires config → drivers/registry → a portable API.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs one command line and returns the exit status: 0, 1 for any
// failure, 2 for a usage mistake, 130 when interrupted. Errors are printed
// as one line, "cloudfs: <what>: <why>". Tests call it in-process.
func execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return executeApp(ctx, &app{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

// executeApp is execute with the app given; tests preset its registry to
// keep in-memory accounts alive across commands.
func executeApp(ctx context.Context, a *app, args []string) int {
	stdout, stderr := a.stdout, a.stderr
	defer a.close()
	root := newRootCommand()
	root.SetArgs(args)
	root.SetIn(a.stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(withApp(ctx, a))
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "cloudfs: "+oneLine(err.Error()))
	var u *usageError
	switch {
	case ctx.Err() != nil:
		return 130
	case errors.As(err, &u):
		return 2
	}
	return 1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// setupLogging points slog at stderr at the chosen level; CLOUDFS_DEBUG=1
// forces debug.
func setupLogging(w io.Writer, level string) error {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return usagef("--log-level %q: want debug, info, warn or error", level)
	}
	if os.Getenv("CLOUDFS_DEBUG") == "1" {
		l = slog.LevelDebug
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})))
	return nil
}
