package sync

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// WriteStatus writes snap as indented JSON to path, atomically (a temp
// file renamed over it), so a reader never sees half a status. The daemon
// calls it after every pass and batch (--status-file).
func WriteStatus(path string, snap Snapshot) error {
	b, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// ReadStatus reads a status file.
func ReadStatus(path string) (Snapshot, error) {
	var snap Snapshot
	b, err := os.ReadFile(path)
	if err != nil {
		return snap, err
	}
	if err := json.Unmarshal(b, &snap); err != nil {
		return snap, fmt.Errorf("%s: %w", path, err)
	}
	return snap, nil
}

// Format writes the status for people.
func (s Snapshot) Format(w io.Writer, now time.Time) {
	c := s.Counters
	ago := func(t time.Time) string { return now.Sub(t).Round(time.Second).String() + " ago" }
	fmt.Fprintf(w, "state:        %s (updated %s)\n", s.State, ago(s.Updated))
	fmt.Fprintf(w, "started:      %s\n", s.Started.Format(time.RFC3339))
	if s.LastSuccess != nil {
		fmt.Fprintf(w, "last success: %s (%s)\n", s.LastSuccess.Format(time.RFC3339), ago(*s.LastSuccess))
	} else {
		fmt.Fprintf(w, "last success: never\n")
	}
	fmt.Fprintf(w, "passes:       %d\n", s.Passes)
	fmt.Fprintf(w, "pending:      %d\n", s.Pending)
	fmt.Fprintf(w, "copied:       %d files, %s\n", c.Copied, fmtBytes(c.CopiedBytes))
	fmt.Fprintf(w, "deleted:      %d\n", c.Deleted)
	fmt.Fprintf(w, "up to date:   %d (checked)\n", c.Checked)
	fmt.Fprintf(w, "skipped:      %d\n", c.Skipped)
	fmt.Fprintf(w, "retried:      %d\n", c.Retried)
	fmt.Fprintf(w, "failed:       %d\n", c.Failed)
	if c.DeletesHeld > 0 {
		fmt.Fprintf(w, "withheld:     %d deletes (a failure in the same pass)\n", c.DeletesHeld)
	}
	if len(s.InFlight) > 0 {
		fmt.Fprintf(w, "in flight:\n")
		for _, in := range s.InFlight {
			fmt.Fprintf(w, "  %s  %s of %s, for %s\n", in.Path, fmtBytes(in.Done), fmtBytes(in.Size), now.Sub(in.Start).Round(time.Second))
		}
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(w, "recent failures:\n")
		for _, f := range s.Failed {
			fmt.Fprintf(w, "  %s  %s %s: %s\n", f.Time.Format(time.RFC3339), f.Op, f.Path, f.Error)
		}
	}
}
