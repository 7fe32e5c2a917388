package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"
)

// outputOptions is the --json switch of the listing commands.
type outputOptions struct {
	JSON bool
}

func (o *outputOptions) AddFlags(fs *pflag.FlagSet) {
	fs.BoolVar(&o.JSON, "json", false, "print JSON instead of a table")
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table writes aligned columns with text/tabwriter.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	if len(header) > 0 {
		t.row(anySlice(header)...)
	}
	return t
}

func (t *table) row(cells ...any) {
	s := make([]string, len(cells))
	for i, c := range cells {
		s[i] = fmt.Sprint(c)
	}
	fmt.Fprintln(t.tw, strings.Join(s, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// timeFormat is how the CLI shows times: local time, to the second.
const timeFormat = "2006-01-02 15:04:05"

func showTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(timeFormat)
}

// printList prints list as JSON (a nil slice as []), or rows as a table
// under header.
func printList(ctx context.Context, asJSON bool, list any, header []string, rows [][]any) error {
	out := appFrom(ctx).stdout
	if asJSON {
		if v := reflect.ValueOf(list); v.Kind() == reflect.Slice && v.IsNil() {
			list = reflect.MakeSlice(v.Type(), 0, 0).Interface()
		}
		return printJSON(out, list)
	}
	t := newTable(out, header...)
	for _, r := range rows {
		t.row(r...)
	}
	return t.flush()
}
