package resfs

import (
	"encoding/json"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBalancers(t *testing.T) {
	e := newEnv(t, Options{})
	assert.ElementsMatch(t, []string{".errors", "algorithms", "balancers", "protocols"}, e.ls("lb/lab-lb"))
	assert.Contains(t, textLines(e.read("lb/lab-lb/protocols")), "http")
	assert.Contains(t, textLines(e.read("lb/lab-lb/algorithms")), "round_robin")
	requireErrno(t, e.write("lb/lab-lb/protocols", "gopher\n"), syscall.EACCES)

	// Create with members.
	require.NoError(t, e.write("lb/lab-lb/balancers/front.json", `{
  "port": 80, "protocol": "HTTP", "algorithm": "round_robin",
  "members": [{"ip": "10.0.0.1", "port": 8080}, {"ip": "10.0.0.2", "port": 8080, "weight": 5}]
}`))
	b := e.balancer("front")
	assert.Equal(t, lb.Protocol("http"), b.Protocol)
	require.Len(t, b.Members, 2)
	assert.Equal(t, string(render(b)), e.read("lb/lab-lb/balancers/front.json"))
	m1 := b.Members[0].ID

	// Update: the algorithm, one member removed, one added, one reweighted.
	var f lb.Balancer
	require.NoError(t, json.Unmarshal([]byte(e.read("lb/lab-lb/balancers/front.json")), &f))
	f.Algorithm = "least_connections"
	f.Members = []lb.Member{f.Members[0], {IP: "10.0.0.3", Port: 8080}}
	f.Members[0].Weight = 3
	require.NoError(t, e.write("lb/lab-lb/balancers/front.json", string(render(f))))
	b = e.balancer("front")
	assert.Equal(t, lb.Algorithm("least_connections"), b.Algorithm)
	require.Len(t, b.Members, 2)
	got := map[string]lb.Member{}
	for _, m := range b.Members {
		got[m.IP] = m
	}
	assert.Equal(t, m1, got["10.0.0.1"].ID, "an updated member keeps its ID")
	assert.Equal(t, 3, got["10.0.0.1"].Weight)
	assert.Contains(t, got, "10.0.0.3")
	assert.NotContains(t, got, "10.0.0.2")

	// A partial write changes only what it names.
	require.NoError(t, e.write("lb/lab-lb/balancers/front.json", `{"port": 8000}`))
	b = e.balancer("front")
	assert.Equal(t, 8000, b.Port)
	assert.Len(t, b.Members, 2)

	// rm destroys it.
	require.NoError(t, os.Remove(e.p("lb/lab-lb/balancers/front.json")))
	all, err := e.lb.ListBalancers(ctx(t))
	require.NoError(t, err)
	assert.Empty(t, all)
}

func (e *env) balancer(name string) lb.Balancer {
	e.t.Helper()
	b, err := e.lb.BalancerByName(ctx(e.t), name)
	require.NoError(e.t, err)
	return *b
}

// TestBalancerRenameIsRefused: a resource cannot be renamed, and a failed
// rename leaves it alone.
func TestBalancerRenameIsRefused(t *testing.T) {
	e := newEnv(t, Options{})
	require.NoError(t, e.write("lb/lab-lb/balancers/front.json", `{"port": 80, "protocol": "http"}`))
	requireErrno(t, os.Rename(e.p("lb/lab-lb/balancers/front.json"), e.p("lb/lab-lb/balancers/back.json")), syscall.EINVAL)
	assert.Equal(t, "front", e.balancer("front").Name)
	assert.True(t, strings.Contains(e.errorsOf("lb/lab-lb"), "cannot be renamed"))
}
