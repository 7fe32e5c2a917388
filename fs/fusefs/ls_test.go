package fusefs

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/fs/vfs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
)

// ls -l of a directory costs its listing pages and no Stat per object:
// the listing fills the attribute cache that readdirplus' lookups use.
func TestLsLongIsOneListing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		// TTLs far longer than the test, so that a slow run (-race) cannot
		// turn expiries into requests: what is counted is the design.
		m := mount(t, b.open(t), vfs.Options{DirCacheTime: time.Hour, AttrTimeout: time.Hour})
		const n = 1500 // two listing pages
		g, _ := errgroup.WithContext(context.Background())
		g.SetLimit(16)
		for i := range n {
			g.Go(func() error {
				m.putObject(t, fmt.Sprintf("many/f%05d", i), make([]byte, i%100))
				return nil
			})
		}
		require.NoError(t, g.Wait())
		m.calls.reset()
		out, err := exec.Command("ls", "-l", "--time-style=+%s", m.path("many")).CombinedOutput()
		require.NoError(t, err, "%s", out)
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		require.Len(t, lines, n+1, "total line + one line per object")
		for i, line := range lines[1:] {
			fields := strings.Fields(line)
			require.Len(t, fields, 7, line)
			assert.Equal(t, fmt.Sprint(i%100), fields[4], "size of %s", fields[6])
		}
		assert.LessOrEqual(t, m.calls.stat.Load(), int64(2), "Stats: only for the lookup of many/ itself")
		assert.LessOrEqual(t, m.calls.list.Load(), int64(4), "the two pages, plus the lookup of many/")
		assert.Zero(t, m.calls.read.Load())
	})
}
