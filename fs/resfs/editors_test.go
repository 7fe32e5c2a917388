package resfs

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vim edits a file with real vim in batch mode: the ex commands, then
// :wq. backupcopy is vim's save strategy: "auto" (the default: rename the
// original to name~ and write a new file when it may), "yes" (copy the
// original to name~ and overwrite it in place) or "no" (always rename).
func vim(t *testing.T, path, backupcopy string, cmds ...string) {
	t.Helper()
	bin, err := exec.LookPath("vim")
	require.NoError(t, err, "vim is installed by scripts/setup.sh")
	// backupskip's default skips backups under /tmp, where tests mount.
	args := []string{"-Es", "-N", "-u", "NONE", "-i", "NONE",
		"-c", "set backupskip= backupcopy=" + backupcopy + " writebackup nobackup"}
	for _, c := range cmds {
		args = append(args, "-c", c)
	}
	args = append(args, "-c", "wq", path)
	out, err := exec.Command(bin, args...).CombinedOutput()
	require.NoError(t, err, "vim %v: %s", args, out)
}

var backupcopies = []string{"auto", "yes", "no"}

// TestVimSavesANode: every vim save strategy updates the node in place;
// none destroys it (vim renames the original to web1.json~ and deletes
// that afterwards), and vim's swap and test files never reach the
// provider.
func TestVimSavesANode(t *testing.T) {
	e := newEnv(t, Options{})
	for _, bc := range backupcopies {
		t.Run(bc, func(t *testing.T) {
			p := "compute/lab/nodes/web-" + bc + ".json"
			require.NoError(t, e.write(p, `{"size": "small", "image": "debian-12"}`))
			n := e.settle(p)
			vim(t, e.p(p), bc, `%s/"running"/"stopped"/`)
			after, err := e.compute.GetNode(ctx(t), n.ID)
			require.NoError(t, err, "the node survived the save")
			assert.Contains(t, []compute.NodeState{compute.NodeStopping, compute.NodeStopped}, after.State)
			nodes, err := e.compute.ListNodes(ctx(t))
			require.NoError(t, err)
			for _, o := range nodes {
				assert.True(t, o.Name == "web-auto" || o.Name == "web-yes" || o.Name == "web-no", "unexpected node %s", o.Name)
			}
			assert.NotContains(t, strings.Join(e.ls("compute/lab/nodes"), " "), "~", "the backup is deleted")
			assert.NotContains(t, strings.Join(e.ls("compute/lab/nodes"), " "), ".swp", "the swap file is deleted")
		})
	}
}

// settle reads a node's file until the node runs.
func (e *env) settle(rel string) compute.Node {
	e.t.Helper()
	var n compute.Node
	for n.State != compute.NodeRunning {
		require.NoError(e.t, json.Unmarshal([]byte(e.read(rel)), &n))
	}
	return n
}

// TestVimSavesRecords: a vim save of records applies exactly the edit;
// the other records keep their IDs.
func TestVimSavesRecords(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	forEachDNS(t, e, func(t *testing.T, acct string, a *dns.Account) {
		recs := "dns/" + acct + "/example.com/records"
		require.NoError(t, e.write(recs, e.read(recs)+"api 300 IN A 192.0.2.40\n"))
		// Shorter and longer lines: vim truncates and rewrites the file.
		ips := []string{"192.0.2.40", "192.0.2.5", "192.0.2.177", "192.0.2.6"}
		for i, bc := range backupcopies {
			before := recordIDs(t, a, "example.com")
			from, to := ips[i], ips[i+1]
			vim(t, e.p(recs), bc, "%s/"+from+"$/"+to+"/")
			after := recordIDs(t, a, "example.com")
			assertOnlyChanged(t, acct, before, after, []string{"api A " + from}, []string{"api A " + to})
			assert.Equal(t, []string{"records", "zone.json"}, e.ls("dns/"+acct+"/example.com"))
		}
	})
}

// TestVimSyscallsSimulated replays vim's default save (backupcopy=auto)
// system call by system call, checking each step, in case the installed
// vim chooses another strategy.
func TestVimSyscallsSimulated(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"size": "small", "image": "debian-12"}`))
	n := e.settle("compute/lab/nodes/web1.json")
	dir := e.p("compute/lab/nodes")
	before := e.state()
	// Open for reading; the swap file.
	text := e.read("compute/lab/nodes/web1.json")
	swp, err := os.OpenFile(dir+"/.web1.json.swp", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	require.NoError(t, err)
	_, err = swp.Write(make([]byte, 4096))
	require.NoError(t, err)
	// The 4913 test: may vim make files here with the original's owner?
	f, err := os.OpenFile(dir+"/4913", os.O_WRONLY|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o644)
	require.NoError(t, err)
	require.NoError(t, f.Chown(os.Getuid(), os.Getgid()))
	require.NoError(t, f.Close())
	require.NoError(t, os.Remove(dir+"/4913"))
	// Backup by rename, then a new file.
	require.NoError(t, os.Rename(dir+"/web1.json", dir+"/web1.json~"))
	assert.Equal(t, before, e.state(), "the rename changed nothing at the provider")
	assert.Equal(t, text, e.read("compute/lab/nodes/web1.json~"), "the backup holds the original")
	f, err = os.OpenFile(dir+"/web1.json", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	require.NoError(t, err)
	_, err = f.WriteString(strings.Replace(text, `"running"`, `"stopped"`, 1))
	require.NoError(t, err)
	require.NoError(t, f.Sync())
	require.NoError(t, f.Close())
	require.NoError(t, os.Chmod(dir+"/web1.json", 0o644))
	require.NoError(t, os.Remove(dir+"/web1.json~"))
	require.NoError(t, swp.Close())
	require.NoError(t, os.Remove(dir+"/.web1.json.swp"))

	after, err := e.compute.GetNode(ctx(t), n.ID)
	require.NoError(t, err)
	assert.Contains(t, []compute.NodeState{compute.NodeStopping, compute.NodeStopped}, after.State)
	assert.Equal(t, []string{"web1.json"}, e.ls("compute/lab/nodes"))
}

// TestTempFilesNeverReachTheProvider writes every kind of temp name in
// every writable folder: they live in memory, list, read back and go.
func TestTempFilesNeverReachTheProvider(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	before := e.state()
	names := []string{".web1.json.swp", ".web1.json.swx", "web1.json~", "4913", ".#web1.json", "#web1.json#",
		".web1.json.Ab12Cd", "sedK3j9aQ", "notes.txt", "web1", "records.bak"}
	folders := []string{"compute/lab/nodes", "compute/lab/volumes", "compute/lab/keypairs", "lb/lab-lb/balancers",
		"dns/mem/example.com", "dns/zf/example.com"}
	for _, dir := range folders {
		for _, n := range names {
			require.NoError(t, e.write(dir+"/"+n, `{"size": "small", "image": "debian-12"}`), "%s/%s", dir, n)
		}
		assert.Subset(t, e.ls(dir), names)
		assert.Equal(t, `{"size": "small", "image": "debian-12"}`, e.read(dir+"/.web1.json.swp"))
		// Renames among temp names stay in memory.
		require.NoError(t, os.Rename(e.p(dir+"/notes.txt"), e.p(dir+"/notes2.txt")))
		assert.Equal(t, before, e.state(), dir)
		for _, n := range append(names, "notes2.txt") {
			if n != "notes.txt" {
				require.NoError(t, os.Remove(e.p(dir+"/"+n)))
			}
		}
	}
	assert.Equal(t, before, e.state())
	disk, err := os.ReadDir(e.zfDir)
	require.NoError(t, err)
	require.Len(t, disk, 1, "only example.com.zone in the zone file directory")
}

// TestRsyncCreatesANode: rsync writes .web3.json.XXXXXX and renames it
// into place, which creates the node.
func TestRsyncCreatesANode(t *testing.T) {
	e := newEnv(t, Options{})
	src := t.TempDir()
	require.NoError(t, os.WriteFile(src+"/web3.json", []byte(`{"size": "small", "image": "alpine-3.20"}`), 0o644))
	out, err := exec.Command("rsync", "-r", src+"/", e.p("compute/lab/nodes/")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	n, err := e.compute.NodeByName(ctx(t), "web3")
	require.NoError(t, err)
	assert.Equal(t, "alpine-3.20", n.Image)
	assert.Equal(t, []string{"web3.json"}, e.ls("compute/lab/nodes"))
}
