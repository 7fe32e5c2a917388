package resfs

import (
	"fmt"
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

const testKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@example.com"

// state is everything the providers hold, read through the API, so a
// test can check that a refused write changed nothing.
func (e *env) state() string {
	e.t.Helper()
	c := ctx(e.t)
	var b strings.Builder
	nodes, err := e.compute.ListNodes(c)
	require.NoError(e.t, err)
	fmt.Fprintf(&b, "nodes %s\n", render(nodes))
	vols, err := e.compute.ListVolumes(c)
	require.NoError(e.t, err)
	fmt.Fprintf(&b, "volumes %s\n", render(vols))
	keys, err := e.compute.ListKeyPairs(c)
	require.NoError(e.t, err)
	fmt.Fprintf(&b, "keys %s\n", render(keys))
	bals, err := e.lb.ListBalancers(c)
	require.NoError(e.t, err)
	fmt.Fprintf(&b, "balancers %s\n", render(bals))
	for _, a := range []*dns.Account{e.dnsMem, e.dnsZF} {
		zones, err := a.ListZones(c)
		require.NoError(e.t, err)
		for _, z := range zones {
			recs, err := a.ListRecords(c, z.ID)
			require.NoError(e.t, err)
			fmt.Fprintf(&b, "zone %s records %s\n", render(z), render(recs))
		}
	}
	return b.String()
}

// seed makes one resource of each kind through the API.
func (e *env) seed() {
	e.t.Helper()
	c := ctx(e.t)
	_, err := e.compute.ImportKeyPair(c, "alice", testKey)
	require.NoError(e.t, err)
	n, err := e.compute.CreateNode(c, &computeSpec{Name: "web1", Size: "small", Image: "debian-12"})
	require.NoError(e.t, err)
	_, err = e.compute.WaitUntilRunning(c, []string{n.ID}, &compute.WaitOptions{PollInterval: time.Millisecond})
	require.NoError(e.t, err) // settled, so that looking does not move it on
	_, err = e.compute.CreateVolume(c, &volumeSpec{Name: "data", SizeGB: 10})
	require.NoError(e.t, err)
	_, err = e.lb.CreateBalancer(c, lb.BalancerSpec{Name: "front", Port: 80, Protocol: "http",
		Members: []lb.MemberSpec{{IP: "10.0.0.1", Port: 8080}}})
	require.NoError(e.t, err)
	for _, a := range []*dns.Account{e.dnsMem, e.dnsZF} {
		z, err := a.CreateZone(c, dns.ZoneSpec{Domain: "example.com"})
		require.NoError(e.t, err)
		_, err = a.CreateRecord(c, z.ID, dns.RecordSpec{Name: "www", Type: "A", Data: "192.0.2.10", TTL: 300})
		require.NoError(e.t, err)
	}
}

// TestBadInputChangesNothing writes every kind of bad input, new files
// and edits of existing ones, and checks the errno, that the provider is
// unchanged, and that .errors says why.
func TestBadInputChangesNothing(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	web1 := e.read("compute/lab/nodes/web1.json")
	front := e.read("lb/lab-lb/balancers/front.json")
	data := e.read("compute/lab/volumes/data.json")
	cases := []struct {
		name, path, content string
		errno               syscall.Errno
		account, reason     string
	}{
		{"malformed JSON", "compute/lab/nodes/n1.json", `{"size": "small", "image":`, syscall.EINVAL, "compute/lab", "unexpected end of JSON input"},
		{"unknown field", "compute/lab/nodes/n1.json", `{"size": "small", "image": "debian-12", "colour": "red"}`, syscall.EINVAL, "compute/lab", `unknown field "colour"`},
		{"unknown size", "compute/lab/nodes/n1.json", `{"size": "huge", "image": "debian-12"}`, syscall.EINVAL, "compute/lab", `unknown size "huge"`},
		{"unknown image", "compute/lab/nodes/n1.json", `{"size": "small", "image": "windows-95"}`, syscall.EINVAL, "compute/lab", `unknown image "windows-95"`},
		{"duplicate key", "compute/lab/nodes/n1.json", `{"size": "small", "size": "large", "image": "debian-12"}`, syscall.EINVAL, "compute/lab", `key "size" given twice`},
		{"two values", "compute/lab/nodes/n1.json", `{"size": "small", "image": "debian-12"} {}`, syscall.EINVAL, "compute/lab", "more than one value"},
		{"name edit", "compute/lab/nodes/web1.json", `{"name": "web2"}`, syscall.EINVAL, "compute/lab", "cannot change name"},
		{"bad host name", "compute/lab/nodes/web_1.json", `{"size": "small", "image": "debian-12"}`, syscall.EINVAL, "compute/lab", "host names"},
		{"unknown key pair", "compute/lab/nodes/n1.json", `{"size": "small", "image": "debian-12", "key_name": "bob"}`, syscall.EINVAL, "compute/lab", `unknown key pair "bob"`},
		{"bad ssh key", "compute/lab/nodes/n1.json", `{"size": "small", "image": "debian-12", "ssh_key": "ssh-rsa nope"}`, syscall.EINVAL, "compute/lab", "n1"},
		{"empty edit", "compute/lab/nodes/web1.json", "", syscall.EINVAL, "compute/lab", "empty"},
		{"node size change", "compute/lab/nodes/web1.json", strings.Replace(web1, `"small"`, `"large"`, 1), syscall.EINVAL, "compute/lab", "cannot change size"},
		{"node bad state", "compute/lab/nodes/web1.json", `{"state": "flying"}`, syscall.EINVAL, "compute/lab", `state "flying"`},
		{"node user data edit", "compute/lab/nodes/web1.json", `{"user_data": "x"}`, syscall.EINVAL, "compute/lab", "cannot change user_data"},
		{"volume size zero", "compute/lab/volumes/v1.json", `{"size_gb": 0}`, syscall.EINVAL, "compute/lab", "positive size"},
		{"volume unknown node", "compute/lab/volumes/v1.json", `{"size_gb": 5, "attached_to": "nosuch"}`, syscall.EINVAL, "compute/lab", `no node "nosuch"`},
		{"volume resize", "compute/lab/volumes/data.json", strings.Replace(data, `"size_gb": 10`, `"size_gb": 20`, 1), syscall.EINVAL, "compute/lab", "cannot change size_gb"},
		{"volume attach unknown", "compute/lab/volumes/data.json", `{"attached_to": "nosuch"}`, syscall.EINVAL, "compute/lab", `no node "nosuch"`},
		{"bad public key", "compute/lab/keypairs/bob.pub", "not a key\n", syscall.EINVAL, "compute/lab", "bob"},
		{"changed key", "compute/lab/keypairs/alice.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n", syscall.EINVAL, "compute/lab", "cannot be changed"},
		{"balancer bad port", "lb/lab-lb/balancers/b1.json", `{"port": 0, "protocol": "http"}`, syscall.EINVAL, "lb/lab-lb", "port 0"},
		{"balancer bad protocol", "lb/lab-lb/balancers/b1.json", `{"port": 80, "protocol": "gopher"}`, syscall.EINVAL, "lb/lab-lb", `protocol "gopher"`},
		{"balancer duplicate member", "lb/lab-lb/balancers/b1.json", `{"port": 80, "protocol": "http", "members": [{"ip": "10.0.0.1", "port": 80}, {"ip": "10.0.0.1", "port": 80}]}`, syscall.EINVAL, "lb/lab-lb", "listed twice"},
		{"balancer bad member ip", "lb/lab-lb/balancers/front.json", strings.Replace(front, `"10.0.0.1"`, `"10.0.0.300"`, 1), syscall.EINVAL, "lb/lab-lb", `"10.0.0.300" is not an IP`},
		{"balancer bad algorithm", "lb/lab-lb/balancers/front.json", `{"algorithm": "dice", "members": [{"ip": "10.0.0.2", "port": 80}]}`, syscall.EINVAL, "lb/lab-lb", `algorithm "dice"`},
		{"balancer state edit", "lb/lab-lb/balancers/front.json", `{"state": "pending"}`, syscall.EINVAL, "lb/lab-lb", "cannot change state"},
		{"balancer duplicate member edit", "lb/lab-lb/balancers/front.json", `{"members": [{"ip": "10.0.0.2", "port": 80}, {"ip": "10.0.0.2", "port": 80}]}`, syscall.EINVAL, "lb/lab-lb", "listed twice"},
	}
	for _, zone := range []string{"dns/mem/example.com", "dns/zf/example.com"} {
		acct := zone[:strings.LastIndex(zone, "/")]
		records := e.read(zone + "/records")
		cases = append(cases, []struct {
			name, path, content string
			errno               syscall.Errno
			account, reason     string
		}{
			{acct + " unparsable records", zone + "/records", records + "www IN A not-an-ip\n", syscall.EINVAL, acct, "records"},
			{acct + " invalid record", zone + "/records", records + "www 300 IN CNAME other.example.com.\n", syscall.EINVAL, acct, "CNAME"},
			{acct + " second SOA", zone + "/records", records + "@ 300 IN SOA ns2.example.com. h.example.com. 1 2 3 4 5\n", syscall.EINVAL, acct, "one SOA"},
			{acct + " zone.json domain", zone + "/zone.json", `{"domain": "example.org"}`, syscall.EINVAL, acct, `domain "example.org"`},
			{acct + " zone.json ttl", zone + "/zone.json", `{"ttl": -5}`, syscall.EINVAL, acct, "TTL"},
			{acct + " zone.json unknown field", zone + "/zone.json", `{"ttl": 300, "serial": 7}`, syscall.EINVAL, acct, `unknown field "serial"`},
		}...)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := e.state()
			err := e.write(c.path, c.content)
			requireErrno(t, err, c.errno)
			assert.Equal(t, before, e.state(), "the provider changed")
			errs := e.errorsOf(c.account)
			last := textLines(errs)
			require.NotEmpty(t, last)
			assert.Contains(t, last[len(last)-1], c.path)
			assert.Contains(t, last[len(last)-1], c.reason)
		})
	}
	// The refused new files are gone.
	assert.ElementsMatch(t, []string{"web1.json"}, e.ls("compute/lab/nodes"))
	assert.ElementsMatch(t, []string{"front.json"}, e.ls("lb/lab-lb/balancers"))
}

// TestDuplicateNames: a name that exists already cannot be created again.
func TestDuplicateNames(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	before := e.state()
	for _, p := range []string{"compute/lab/nodes/web1.json", "compute/lab/keypairs/alice.pub", "lb/lab-lb/balancers/front.json", "compute/lab/volumes/data.json"} {
		f, err := os.OpenFile(e.p(p), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.Close()
		}
		requireErrno(t, err, syscall.EEXIST)
	}
	requireErrno(t, os.Mkdir(e.p("dns/mem/example.com"), 0o755), syscall.EEXIST)
	requireErrno(t, os.Mkdir(e.p("dns/zf/example.com"), 0o755), syscall.EEXIST)
	assert.Equal(t, before, e.state())
}

// TestTouchCreatesNothing: an empty new file is not a resource.
func TestTouchCreatesNothing(t *testing.T) {
	e := newEnv(t, Options{})
	before := e.state()
	f, err := os.Create(e.p("compute/lab/nodes/x.json"))
	require.NoError(t, err)
	require.NoError(t, f.Close())
	assert.Equal(t, before, e.state())
	assert.Empty(t, e.ls("compute/lab/nodes"))
	e.eventuallyGone("compute/lab/nodes/x.json")
}

// TestWritePastLimit is EFBIG and changes nothing.
func TestWritePastLimit(t *testing.T) {
	e := newEnv(t, Options{MaxFileSize: 1024})
	before := e.state()
	err := e.write("compute/lab/nodes/big.json", `{"size": "small", "image": "debian-12", "user_data": "`+strings.Repeat("x", 2048)+`"}`)
	requireErrno(t, err, syscall.EFBIG)
	assert.Equal(t, before, e.state())
}
