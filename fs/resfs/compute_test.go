package resfs

import (
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVolumes(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"size": "small", "image": "debian-12"}`))
	require.NoError(t, e.write("compute/lab/nodes/web2.json", `{"size": "small", "image": "debian-12"}`))
	web1, err := e.compute.NodeByName(ctx(t), "web1")
	require.NoError(t, err)
	web2, err := e.compute.NodeByName(ctx(t), "web2")
	require.NoError(t, err)

	// Create, attached at once.
	require.NoError(t, e.write("compute/lab/volumes/data.json", `{"size_gb": 10, "attached_to": "web1"}`))
	vol := e.volume("data")
	assert.Equal(t, 10, vol.SizeGB)
	assert.Equal(t, web1.ID, vol.NodeID)
	var f volumeFile
	require.NoError(t, json.Unmarshal([]byte(e.read("compute/lab/volumes/data.json")), &f))
	assert.Equal(t, "web1", f.AttachedTo)
	assert.Equal(t, vol.ID, f.ID)

	// Move it: detach from web1, attach to web2.
	text := e.read("compute/lab/volumes/data.json")
	require.NoError(t, e.write("compute/lab/volumes/data.json", strings.Replace(text, `"attached_to": "web1"`, `"attached_to": "web2"`, 1)))
	assert.Equal(t, web2.ID, e.volume("data").NodeID)

	// Detach.
	require.NoError(t, e.write("compute/lab/volumes/data.json", `{"attached_to": ""}`))
	assert.Empty(t, e.volume("data").NodeID)
	require.Contains(t, e.read("compute/lab/volumes/data.json"), `"attached_to": ""`)

	// rm destroys it.
	require.NoError(t, os.Remove(e.p("compute/lab/volumes/data.json")))
	vols, err := e.compute.ListVolumes(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, vols)
}

// A volume created with attached_to that cannot be attached (it would be
// in another location than the node) is not left behind.
func TestVolumeCreateAttachFailureLeavesNothing(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"size": "small", "image": "debian-12", "location": "mem-1"}`))
	err := e.write("compute/lab/volumes/data.json", `{"size_gb": 10, "location": "mem-2", "attached_to": "web1"}`)
	requireErrno(t, err, syscall.EINVAL)
	vols, err := e.compute.ListVolumes(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, vols, "the volume was created but not attached, and left behind")
}

func (e *env) volume(name string) compute.Volume {
	e.t.Helper()
	vols, err := e.compute.ListVolumes(ctx(e.t))
	require.NoError(e.t, err)
	for _, v := range vols {
		if v.Name == name {
			return v
		}
	}
	e.t.Fatalf("no volume %s", name)
	return compute.Volume{}
}

func TestKeyPairs(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("compute/lab/keypairs/alice.pub", testKey+"\n"))
	kp, err := e.compute.GetKeyPair(ctx(t), "alice")
	require.NoError(t, err)
	assert.Equal(t, testKey, strings.TrimSpace(kp.PublicKey))
	assert.Equal(t, testKey+"\n", e.read("compute/lab/keypairs/alice.pub"))
	assert.Equal(t, []string{"alice.pub"}, e.ls("compute/lab/keypairs"))
	// Writing the same key again (an editor's save) changes nothing.
	require.NoError(t, e.write("compute/lab/keypairs/alice.pub", testKey+"\n"))
	// A node can name it.
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"size": "small", "image": "debian-12", "key_name": "alice"}`))
	require.NoError(t, os.Remove(e.p("compute/lab/keypairs/alice.pub")))
	_, err = e.compute.GetKeyPair(ctx(t), "alice")
	require.Error(t, err)
	requireErrno(t, os.Remove(e.p("compute/lab/keypairs/alice.pub")), syscall.ENOENT)
}

func TestCatalogues(t *testing.T) {
	e := newEnv(t, Options{})
	sizes, err := e.compute.ListSizes(ctx(t), "")
	require.NoError(t, err)
	var want []string
	for _, s := range sizes {
		want = append(want, s.ID+".json")
	}
	assert.ElementsMatch(t, want, e.ls("compute/lab/sizes"))
	assert.Equal(t, string(render(sizes[0])), e.read("compute/lab/sizes/"+sizes[0].ID+".json"))
	assert.Contains(t, e.ls("compute/lab/images"), "debian-12.json")
	assert.Contains(t, e.ls("compute/lab/locations"), "mem-1.json")
	var img compute.Image
	require.NoError(t, json.Unmarshal([]byte(e.read("compute/lab/images/debian-12.json")), &img))
	assert.Equal(t, "debian-12", img.ID)
	// Read-only.
	requireErrno(t, e.write("compute/lab/sizes/small.json", "{}"), syscall.EACCES)
	requireErrno(t, e.write("compute/lab/sizes/new.json", "{}"), syscall.EACCES)
	requireErrno(t, os.Remove(e.p("compute/lab/sizes/small.json")), syscall.EACCES)
	assert.Contains(t, e.ls("compute/lab/sizes"), "small.json")
	requireErrno(t, os.Remove(e.p("compute/lab/.errors")), syscall.EACCES)
	requireErrno(t, os.RemoveAll(e.p("compute/lab/images")), syscall.EACCES)
	requireErrno(t, os.Remove(e.p("dns/mem/.errors")), syscall.EACCES)
	_, err = os.Stat(e.p("compute/lab/sizes/nosuch.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// TestFailedAccount shows an account that could not be opened as a folder
// with its reason in .errors.
func TestFailedAccount(t *testing.T) {
	e := newEnv(t, Options{})
	assert.ElementsMatch(t, []string{"broken", "lab"}, e.ls("compute"))
	assert.Equal(t, []string{".errors"}, e.ls("compute/broken"))
	assert.Contains(t, e.read("compute/broken/.errors"), "compute/broken: no credentials")
}

// TestNodeCreateDoesNotWait: the close returns as soon as the provider
// has the request, and the file shows the node pending.
func TestNodeCreateDoesNotWait(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("compute/lab/nodes/slow.json", `{"size": "small", "image": "debian-12"}`))
	var n compute.Node
	require.NoError(t, json.Unmarshal([]byte(e.read("compute/lab/nodes/slow.json")), &n))
	assert.Equal(t, compute.NodePending, n.State)
}

// TestCopyNodeFile: a node's file copied to a new name creates a node like
// it (its read-only fields are ignored).
func TestCopyNodeFile(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"size": "medium", "image": "ubuntu-24.04", "location": "mem-2"}`))
	require.NoError(t, e.write("compute/lab/nodes/web2.json", e.read("compute/lab/nodes/web1.json")))
	n, err := e.compute.NodeByName(ctx(t), "web2")
	require.NoError(t, err)
	assert.Equal(t, []string{"medium", "ubuntu-24.04", "mem-2"}, []string{n.Size, n.Image, n.Location})
}

// TestRecreateAfterDeleteElsewhere: a resource deleted at the provider
// can be created again through the mount, but an edit of the vanished
// resource (an open file written back) fails rather than re-creating it.
func TestRecreateAfterDeleteElsewhere(t *testing.T) {
	e := newEnv(t, Options{})
	e.seed()
	p := "lb/lab-lb/balancers/front.json"
	f, err := os.OpenFile(e.p(p), os.O_RDWR, 0)
	require.NoError(t, err)
	text := e.read(p)
	require.NoError(t, e.lb.DestroyBalancer(ctx(t), e.balancer("front").ID))
	require.NoError(t, f.Truncate(0))
	_, err = f.WriteAt([]byte(strings.Replace(text, `"round_robin"`, `"random"`, 1)), 0)
	require.NoError(t, err)
	requireErrno(t, f.Close(), syscall.ENOENT)
	all, err := e.lb.ListBalancers(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, all)

	e.eventuallyGone(p)
	require.NoError(t, e.write(p, `{"port": 81, "protocol": "tcp"}`))
	assert.Equal(t, 81, e.balancer("front").Port)
}
