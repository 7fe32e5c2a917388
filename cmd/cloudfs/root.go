package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// rootOptions are the flags every command takes.
type rootOptions struct {
	ConfigPath string
	LogLevel   string
	CPUProfile string
}

func (o *rootOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.ConfigPath, "config", "", "config file (default $CLOUDFS_CONFIG, else $XDG_CONFIG_HOME/cloudfs/config.toml)")
	fs.StringVar(&o.LogLevel, "log-level", "info", "log level: debug, info, warn or error (CLOUDFS_DEBUG=1 forces debug)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the run to this file (for go tool pprof)")
}

// newRootCommand builds the whole command tree. Subcommands get the
// config and registry from appFrom(ctx) (app.go).
func newRootCommand() *cobra.Command {
	opts := &rootOptions{}
	root := &cobra.Command{
		Use:   "cloudfs",
		Short: "One interface to many clouds: storage, compute, load balancers and DNS",
		Long: `cloudfs works with object storage, compute, load balancers and DNS across
providers through one portable API. Accounts come from a TOML config file
(see docs/CONFIG.md); paths name either a local file or account:container/key.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return prepare(cmd, opts) },
	}
	opts.AddFlags(root.PersistentFlags())
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usagef("%s: %w", c.Name(), err) })
	root.AddCommand(
		newVersionCommand(),
		newDriversCommand(),
		newAccountsCommand(),
		newLsCommand(),
		newCatCommand(),
		newCpCommand(),
		newRmCommand(),
		newMkdirCommand(),
		newRmdirCommand(),
		// Resources of the other kinds.
		newComputeCommand(),
		newDNSCommand(),
		newLBCommand(),
		// The mount and sync engineers add theirs here:
		newMountCommand(), newUnmountCommand(),
		newSyncCommand(),
	)
	return root
}

// prepare runs before every command: logging, and the app's options.
func prepare(cmd *cobra.Command, opts *rootOptions) error {
	a := appFrom(cmd.Context())
	if a == nil { // a caller other than execute: make one
		a = &app{stdin: cmd.InOrStdin(), stdout: cmd.OutOrStdout(), stderr: cmd.ErrOrStderr()}
		cmd.SetContext(withApp(cmd.Context(), a))
	}
	a.opts = *opts
	if err := setupLogging(a.stderr, opts.LogLevel); err != nil {
		return err
	}
	if opts.CPUProfile != "" && a.stopProfile == nil && !daemonParent(cmd) {
		stop, err := startCPUProfile(opts.CPUProfile)
		if err != nil {
			return err
		}
		a.stopProfile = stop
	}
	return nil
}
