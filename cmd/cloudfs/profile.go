package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

// startCPUProfile writes a CPU profile of the whole run to path (the
// --cpuprofile flag, as rclone's), for `go tool pprof`. The returned stop
// ends it; app.close calls it as the command returns.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// daemonParent reports whether this process only starts a --daemon
// child. The child re-runs the same command line and profiles itself;
// the parent must not write the same file.
func daemonParent(cmd *cobra.Command) bool {
	f := cmd.Flags().Lookup("daemon")
	return f != nil && f.Value.String() == "true" && !mountDaemon.isChild() && !syncDaemon.isChild()
}
