package main

import (
	"encoding/json"
	"time"

	"github.com/spf13/cobra"

	csync "github.com/cloudfs/cloudfs/sync"
)

func newSyncStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status FILE",
		Short: "Show a sync daemon's status file (--status-file)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			snap, err := csync.ReadStatus(args[0])
			if err != nil {
				return err
			}
			out := appFrom(cmd.Context()).stdout
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(snap)
			}
			snap.Format(out, time.Now())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the JSON as is")
	return cmd
}
