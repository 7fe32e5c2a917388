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

func TestNodeLifecycle(t *testing.T) {
	e := newEnv(t, Options{})
	require.ElementsMatch(t, []string{".errors", "images", "keypairs", "locations", "nodes", "sizes", "volumes"}, e.ls("compute/lab"))
	require.Empty(t, e.ls("compute/lab/nodes"))

	// Create: the close returns once the provider has accepted it; the
	// file then reads back as the real node, pending at first.
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"size": "small", "image": "debian-12", "user_data": "#cloud-config\n"}`))
	n, err := e.compute.NodeByName(ctx(t), "web1")
	require.NoError(t, err)
	assert.Equal(t, "small", n.Size)
	assert.Equal(t, []string{"web1.json"}, e.ls("compute/lab/nodes"))

	var got compute.Node
	require.NoError(t, json.Unmarshal([]byte(e.read("compute/lab/nodes/web1.json")), &got))
	assert.Equal(t, n.ID, got.ID)
	assert.Equal(t, "debian-12", got.Image)
	// Reads are fresh: the memory driver settles after five polls.
	for got.State != compute.NodeRunning {
		require.NoError(t, json.Unmarshal([]byte(e.read("compute/lab/nodes/web1.json")), &got))
	}
	// Pretty JSON with stable key order: the render of the API's node.
	cur, err := e.compute.GetNode(ctx(t), n.ID)
	require.NoError(t, err)
	assert.Equal(t, string(render(cur)), e.read("compute/lab/nodes/web1.json"))

	// Update: "state" stops and starts it.
	text := e.read("compute/lab/nodes/web1.json")
	require.NoError(t, e.write("compute/lab/nodes/web1.json", strings.Replace(text, `"running"`, `"stopped"`, 1)))
	n, err = e.compute.GetNode(ctx(t), n.ID)
	require.NoError(t, err)
	assert.Contains(t, []compute.NodeState{compute.NodeStopping, compute.NodeStopped}, n.State)
	// A partial file changes only what it names.
	for n.State != compute.NodeStopped {
		n, err = e.compute.GetNode(ctx(t), n.ID)
		require.NoError(t, err)
	}
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"state": "running"}`))
	n, err = e.compute.GetNode(ctx(t), n.ID)
	require.NoError(t, err)
	assert.Contains(t, []compute.NodeState{compute.NodeStarting, compute.NodeRunning}, n.State)
	for n.State != compute.NodeRunning {
		n, err = e.compute.GetNode(ctx(t), n.ID)
		require.NoError(t, err)
	}
	// Reboot has its own trigger.
	require.NoError(t, e.write("compute/lab/nodes/web1.json", `{"state": "rebooting"}`))
	n, err = e.compute.GetNode(ctx(t), n.ID)
	require.NoError(t, err)
	assert.Equal(t, compute.NodeRebooting, n.State)

	// rm destroys it.
	require.NoError(t, os.Remove(e.p("compute/lab/nodes/web1.json")))
	_, err = e.compute.GetNode(ctx(t), n.ID)
	require.Error(t, err)
	_, err = os.Stat(e.p("compute/lab/nodes/web1.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestNodeReadOnlyFieldsAreEINVAL(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("compute/lab/nodes/db.json", `{"size": "small", "image": "debian-12"}`))
	before, err := e.compute.NodeByName(ctx(t), "db")
	require.NoError(t, err)
	text := e.read("compute/lab/nodes/db.json")
	err = e.write("compute/lab/nodes/db.json", strings.Replace(text, `"small"`, `"large"`, 1))
	requireErrno(t, err, syscall.EINVAL)
	after, err := e.compute.GetNode(ctx(t), before.ID)
	require.NoError(t, err)
	assert.Equal(t, "small", after.Size)
	assert.Contains(t, e.errorsOf("compute/lab"), "compute/lab/nodes/db.json")
	assert.Contains(t, e.errorsOf("compute/lab"), "cannot change size")
}
