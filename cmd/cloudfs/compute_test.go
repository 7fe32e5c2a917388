package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComputeLists(t *testing.T) {
	e := newTestEnv(t, "[accounts.lab]\nkind = \"compute\"\ndriver = \"memory\"\n")
	out := e.ok("compute", "sizes", "lab")
	assert.Regexp(t, `^ID\s+NAME\s+VCPUS`, out)
	assert.Contains(t, out, "small")

	var sizes []map[string]any
	require.NoError(t, json.Unmarshal([]byte(e.ok("compute", "sizes", "lab", "--json")), &sizes))
	require.NotEmpty(t, sizes)
	assert.Contains(t, sizes[0], "ram_mb")

	assert.Equal(t, "[]\n", e.ok("compute", "nodes", "lab", "--json"), "no nodes is an empty list, not null")
	assert.Regexp(t, `^ID\s+NAME\s+STATE`, e.ok("compute", "nodes", "lab"))
	assert.Contains(t, e.ok("compute", "images", "lab"), "ID")
	var locs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(e.ok("compute", "locations", "lab", "--json")), &locs))
	require.NotEmpty(t, locs)
	loc := locs[0]["id"].(string)
	assert.Contains(t, e.ok("compute", "sizes", "lab", "--location", loc), "ID")
	assert.Contains(t, e.fails(1, "compute", "sizes", "lab", "--location", "atlantis"), "compute sizes lab:")

	assert.Contains(t, e.fails(1, "compute", "nodes", "local"), "is a storage account, not compute")
	assert.Contains(t, e.fails(1, "compute", "nodes", "nope"), "no such compute account")
	assert.Contains(t, e.fails(2, "compute", "nodes"), "accepts 1 arg")
	assert.Contains(t, e.ok("__complete", "compute", "nodes", ""), "lab\n")
}
