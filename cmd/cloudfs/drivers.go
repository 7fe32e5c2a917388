package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cloudfs/cloudfs/drivers/registry"
)

type driversOptions struct{ outputOptions }

func newDriversCommand() *cobra.Command {
	opts := &driversOptions{}
	cmd := &cobra.Command{
		Use:   "drivers",
		Short: "List every driver by kind, with its capabilities",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runDrivers(cmd.Context(), opts) },
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

// driverJSON is the --json shape of one driver.
type driverJSON struct {
	Kind         string   `json:"kind"`
	Name         string   `json:"name"`
	Summary      string   `json:"summary"`
	HTTP         bool     `json:"http"`
	Capabilities []string `json:"capabilities"`
}

func runDrivers(ctx context.Context, opts *driversOptions) error {
	out := appFrom(ctx).stdout
	ds := registry.Drivers()
	if opts.JSON {
		list := make([]driverJSON, len(ds))
		for i, d := range ds {
			list[i] = driverJSON{Kind: d.Kind, Name: d.Name, Summary: d.Summary, HTTP: d.HTTP, Capabilities: d.Caps}
			if list[i].Capabilities == nil {
				list[i].Capabilities = []string{}
			}
		}
		return printJSON(out, list)
	}
	t := newTable(out, "KIND", "DRIVER", "DESCRIPTION", "CAPABILITIES")
	for _, d := range ds {
		caps := strings.Join(d.Caps, ", ")
		if caps == "" {
			caps = "-"
		}
		t.row(d.Kind, d.Name, d.Summary, caps)
	}
	return t.flush()
}
