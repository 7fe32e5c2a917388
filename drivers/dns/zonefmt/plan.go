package zonefmt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
)

// Plan is what an import will change: records to create, update and
// delete. String prints it the way terraform prints a plan.
type Plan struct {
	Zone    driver.Zone
	Creates []driver.Record
	Updates []Update
	Deletes []driver.Record
}

// Update changes Old (a current record) into New.
type Update struct {
	Old, New driver.Record
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return p.Len() == 0 }

// Len is the number of changes.
func (p *Plan) Len() int { return len(p.Creates) + len(p.Updates) + len(p.Deletes) }

func (p *Plan) sort() {
	slices.SortFunc(p.Creates, Compare)
	slices.SortFunc(p.Deletes, Compare)
	slices.SortFunc(p.Updates, func(a, b Update) int { return Compare(a.Old, b.Old) })
}

// Changes is the plan as a driver change set.
func (p *Plan) Changes() *driver.Changes {
	c := &driver.Changes{Deletes: slices.Clone(p.Deletes)}
	for _, u := range p.Updates {
		c.Updates = append(c.Updates, driver.RecordUpdate{ID: u.Old.ID, Spec: specOf(u.New)})
	}
	for _, r := range p.Creates {
		c.Creates = append(c.Creates, specOf(r))
	}
	return c
}

// String prints one line per change in zone order, then a summary:
//
//   - old 300 IN A 192.0.2.1
//     ~ www 300 IN A 192.0.2.2 -> www 600 IN A 192.0.2.2
//   - new 300 IN TXT "hello"
//     Plan: 1 to add, 1 to change, 1 to destroy.
func (p *Plan) String() string {
	if p.Empty() {
		return "No changes.\n"
	}
	type line struct {
		at   driver.Record
		text string
	}
	var lines []line
	for _, r := range p.Deletes {
		lines = append(lines, line{r, "- " + Line(r, p.Zone)})
	}
	for _, u := range p.Updates {
		lines = append(lines, line{u.Old, "~ " + Line(u.Old, p.Zone) + " -> " + Line(u.New, p.Zone)})
	}
	for _, r := range p.Creates {
		lines = append(lines, line{r, "+ " + Line(r, p.Zone)})
	}
	slices.SortStableFunc(lines, func(a, b line) int { return Compare(a.at, b.at) })
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "Plan: %d to add, %d to change, %d to destroy.\n", len(p.Creates), len(p.Updates), len(p.Deletes))
	return b.String()
}
