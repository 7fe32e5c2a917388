package resfs

import (
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two writers: the one whose base (what it read) no longer matches the
// provider, in a field it would set back, gets ESTALE and changes
// nothing; a write that does not undo the other's change goes through.

func TestConflictBalancer(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	p := "lb/lab-lb/balancers/front.json"
	text := e.read(p) // writer A reads
	b := e.balancer("front")
	_, err := e.lb.AttachMember(ctx(t), b.ID, lb.MemberSpec{IP: "10.0.0.9", Port: 8080}) // writer B
	require.NoError(t, err)
	before := e.state()
	// A saves its copy with another algorithm; the member list it writes
	// would drop B's member.
	err = e.write(p, strings.Replace(text, `"round_robin"`, `"least_connections"`, 1))
	requireErrno(t, err, syscall.ESTALE)
	assert.Equal(t, before, e.state())
	assert.Contains(t, e.errorsOf("lb/lab-lb"), "members (10.0.0.9:8080) changed at the provider")
	// A partial write that does not name members is no conflict.
	require.NoError(t, e.write(p, `{"algorithm": "least_connections"}`))
	assert.Len(t, e.balancer("front").Members, 2)
	// Read again and redo: fine.
	require.NoError(t, e.write(p, strings.Replace(e.read(p), `"least_connections"`, `"source_ip"`, 1)))
	assert.Equal(t, lb.Algorithm("source_ip"), e.balancer("front").Algorithm)
}

func TestConflictRecords(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	forEachDNS(t, e, func(t *testing.T, acct string, a *dns.Account) {
		p := "dns/" + acct + "/example.com/records"
		require.NoError(t, e.write(p, e.read(p)+"api 300 IN A 192.0.2.40\n"))
		f, err := os.OpenFile(e.p(p), os.O_RDWR, 0) // writer A opens the file
		require.NoError(t, err)
		defer f.Close()
		buf := make([]byte, 1<<16)
		n, err := f.Read(buf)
		require.NoError(t, err)
		text := string(buf[:n])
		z, err := a.ZoneByDomain(ctx(t), "example.com")
		require.NoError(t, err)
		_, err = a.Import(ctx(t), z.ID, strings.Replace(text, "192.0.2.10", "192.0.2.99", 1), false) // writer B changes www
		require.NoError(t, err)
		before := recordIDs(t, a, "example.com")

		// A changes www too: ESTALE, nothing changes.
		mine := strings.Replace(text, "192.0.2.10", "192.0.2.11", 1)
		require.NoError(t, f.Truncate(0))
		_, err = f.WriteAt([]byte(mine), 0)
		require.NoError(t, err)
		requireErrno(t, f.Sync(), syscall.ESTALE)
		assert.Equal(t, before, recordIDs(t, a, "example.com"))
		assert.Contains(t, e.errorsOf("dns/"+acct), "www A changed at the provider")

		// A's file still holds the old www, which would undo B's change,
		// so a change elsewhere fails too...
		mine = strings.Replace(text, "192.0.2.40", "192.0.2.41", 1)
		require.NoError(t, f.Truncate(0))
		_, err = f.WriteAt([]byte(mine), 0)
		require.NoError(t, err)
		requireErrno(t, f.Sync(), syscall.ESTALE)
		assert.Equal(t, before, recordIDs(t, a, "example.com"))

		// ...until A takes B's www in: then only A's change is applied.
		mine = strings.Replace(mine, "192.0.2.10", "192.0.2.99", 1)
		require.NoError(t, f.Truncate(0))
		_, err = f.WriteAt([]byte(mine), 0)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		after := recordIDs(t, a, "example.com")
		assertOnlyChanged(t, acct, before, after, []string{"api A 192.0.2.40"}, []string{"api A 192.0.2.41"})
		assert.Contains(t, after, "www A 192.0.2.99")
	})
}

func TestConflictNodeReplaced(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	p := "compute/lab/nodes/web1.json"
	text := e.read(p)
	old, err := e.compute.NodeByName(ctx(t), "web1")
	require.NoError(t, err)
	require.NoError(t, e.compute.DestroyNode(ctx(t), old.ID))
	n, err := e.compute.CreateNode(ctx(t), &compute.NodeSpec{Name: "web1", Size: "small", Image: "debian-12"})
	require.NoError(t, err)
	_, err = e.compute.WaitUntilRunning(ctx(t), []string{n.ID}, &compute.WaitOptions{PollInterval: time.Millisecond})
	require.NoError(t, err)
	before := e.state()
	err = e.write(p, strings.Replace(text, `"running"`, `"stopped"`, 1))
	requireErrno(t, err, syscall.ESTALE)
	assert.Equal(t, before, e.state())
	assert.Contains(t, e.errorsOf("compute/lab"), "replaced since the file was read")
}

func TestConflictVolume(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	require.NoError(t, e.write("compute/lab/nodes/web2.json", `{"size": "small", "image": "debian-12"}`))
	p := "compute/lab/volumes/data.json"
	text := e.read(p)
	web1, err := e.compute.NodeByName(ctx(t), "web1")
	require.NoError(t, err)
	require.NoError(t, e.compute.AttachVolume(ctx(t), e.volume("data").ID, web1.ID, ""))
	err = e.write(p, strings.Replace(text, `"attached_to": ""`, `"attached_to": "web2"`, 1))
	requireErrno(t, err, syscall.ESTALE)
	assert.Equal(t, web1.ID, e.volume("data").NodeID)
}

func TestConflictZoneJSON(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	p := "dns/mem/example.com/zone.json"
	text := e.read(p)
	z, err := e.dnsMem.ZoneByDomain(ctx(t), "example.com")
	require.NoError(t, err)
	ttl := 60
	_, err = e.dnsMem.UpdateZone(ctx(t), z.ID, dns.ZoneUpdate{TTL: &ttl})
	require.NoError(t, err)
	// The writer's file still says 3600: it would undo the change.
	requireErrno(t, e.write(p, text), syscall.ESTALE)
	z, err = e.dnsMem.GetZone(ctx(t), z.ID)
	require.NoError(t, err)
	assert.Equal(t, 60, z.TTL)
}

// TestListingCache: listings come from a cache for ListTTL, but opening
// a file always asks the provider, and the mount's own changes show at
// once.
func TestListingCache(t *testing.T) {
	e := newEnv(t, Options{ListTTL: time.Hour})
	assert.Empty(t, e.ls("compute/lab/nodes"))
	n, err := e.compute.CreateNode(ctx(t), &compute.NodeSpec{Name: "api1", Size: "small", Image: "debian-12"})
	require.NoError(t, err)
	assert.Empty(t, e.ls("compute/lab/nodes"), "the listing is cached")
	var got compute.Node
	require.NoError(t, json.Unmarshal([]byte(e.read("compute/lab/nodes/api1.json")), &got), "a file is read afresh")
	assert.Equal(t, n.ID, got.ID)
	require.NoError(t, e.write("compute/lab/nodes/mnt1.json", `{"size": "small", "image": "debian-12"}`))
	assert.ElementsMatch(t, []string{"api1.json", "mnt1.json"}, e.ls("compute/lab/nodes"), "a change through the mount drops the cache")
}
