package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cloudfs/cloudfs/config"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/drivers/registry"
)

func TestLBBalancers(t *testing.T) {
	e := newTestEnv(t, "[accounts.edge]\nkind = \"lb\"\ndriver = \"memory\"\n")
	cfg, err := config.Load(e.cfg)
	require.NoError(t, err)
	reg := registry.New(cfg)
	defer reg.Close()
	run := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := executeApp(t.Context(), &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, reg: reg, borrowed: true}, args)
		return out.String(), errb.String(), code
	}

	out, _, code := run("lb", "balancers", "edge", "--json")
	require.Equal(t, 0, code)
	assert.Equal(t, "[]\n", out)

	acct, err := reg.LB(t.Context(), "edge")
	require.NoError(t, err)
	protos, err := acct.ListProtocols(t.Context())
	require.NoError(t, err)
	_, err = acct.CreateBalancer(t.Context(), lb.BalancerSpec{Name: "web", Port: 80, Protocol: protos[0],
		Members: []lb.MemberSpec{{IP: "10.0.0.1", Port: 8080}, {IP: "10.0.0.2", Port: 8080}}})
	require.NoError(t, err)

	out, errOut, code := run("lb", "balancers", "edge")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^ID\s+NAME\s+STATE\s+IP\s+PORT\s+PROTOCOL\s+ALGORITHM\s+MEMBERS$`, out)
	assert.Regexp(t, `(?m)\sweb\s.*\s80\s.*\s2$`, out)
	out, _, code = run("lb", "balancers", "edge", "--json")
	require.Equal(t, 0, code)
	var list []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	require.Len(t, list, 1)
	assert.Equal(t, "web", list[0]["name"])
	assert.Len(t, list[0]["members"], 2)

	_, errOut, code = run("lb", "balancers", "local")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "is a storage account, not lb")
}
