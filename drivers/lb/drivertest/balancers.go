package drivertest

import (
	"context"
	"slices"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (s *suite) testLifecycle(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	name := uniqueName("life")
	b, err := a.CreateBalancer(ctx, lb.BalancerSpec{Name: name, Port: 8080, Protocol: "HTTP",
		Members: []lb.MemberSpec{{IP: "192.0.2.10", Port: 80}, {IP: "192.0.2.11", Port: 80}}})
	require.NoError(t, err)
	assert.NotEmpty(t, b.ID)
	assert.Equal(t, name, b.Name)
	assert.Equal(t, 8080, b.Port)
	assert.Equal(t, lb.Protocol("http"), b.Protocol, "protocol is lower-cased")
	assert.Equal(t, driver.RoundRobin, b.Algorithm, "round robin by default")
	assert.Contains(t, []lb.BalancerState{driver.BalancerRunning, driver.BalancerPending}, b.State)
	require.Len(t, b.Members, 2)
	assert.Equal(t, lb.MemberCondition("enabled"), b.Members[0].Condition)

	got, err := a.GetBalancer(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, b.Name, got.Name)
	assert.ElementsMatch(t, []string{"192.0.2.10", "192.0.2.11"}, ips(got.Members))
	byName, err := a.BalancerByName(ctx, name)
	require.NoError(t, err)
	assert.Equal(t, b.ID, byName.ID)
	all, err := a.ListBalancers(ctx)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(all, func(x lb.Balancer) bool { return x.ID == b.ID && len(x.Members) == 2 }), "listing shows members")

	newName, port, algo := uniqueName("renamed"), 8443, driver.LeastConnections
	up, err := a.UpdateBalancer(ctx, b.ID, lb.BalancerUpdate{Name: &newName, Port: &port, Algorithm: &algo})
	require.NoError(t, err)
	assert.Equal(t, newName, up.Name)
	assert.Equal(t, 8443, up.Port)
	assert.Equal(t, algo, up.Algorithm)
	got, err = a.GetBalancer(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, newName, got.Name)
	assert.Len(t, got.Members, 2, "an update keeps the members")

	require.NoError(t, a.DestroyBalancer(ctx, b.ID))
	_, err = a.GetBalancer(ctx, b.ID)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorIs(t, a.DestroyBalancer(ctx, b.ID), errs.ErrNotFound)
}

func (s *suite) testCreateErrors(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	before, err := a.ListBalancers(ctx)
	require.NoError(t, err)
	ok := lb.BalancerSpec{Name: uniqueName("bad"), Port: 80, Protocol: "http"}
	for what, mutate := range map[string]func(*lb.BalancerSpec){
		"empty name":    func(s *lb.BalancerSpec) { s.Name = "" },
		"slash in name": func(s *lb.BalancerSpec) { s.Name = "a/b" },
		"port 0":        func(s *lb.BalancerSpec) { s.Port = 0 },
		"port 70000":    func(s *lb.BalancerSpec) { s.Port = 70000 },
		"no protocol":   func(s *lb.BalancerSpec) { s.Protocol = "" },
		"bad protocol":  func(s *lb.BalancerSpec) { s.Protocol = "gopher" },
		"bad algorithm": func(s *lb.BalancerSpec) { s.Algorithm = "coin_toss" },
		"bad member IP": func(s *lb.BalancerSpec) { s.Members = []lb.MemberSpec{{IP: "300.1.1.1", Port: 80}} },
		"host as IP":    func(s *lb.BalancerSpec) { s.Members = []lb.MemberSpec{{IP: "web1", Port: 80}} },
		"member port":   func(s *lb.BalancerSpec) { s.Members = []lb.MemberSpec{{IP: "192.0.2.1", Port: 0}} },
		"neg weight":    func(s *lb.BalancerSpec) { s.Members = []lb.MemberSpec{{IP: "192.0.2.1", Port: 80, Weight: -1}} },
		"bad condition": func(s *lb.BalancerSpec) {
			s.Members = []lb.MemberSpec{{IP: "192.0.2.1", Port: 80, Condition: "sleepy"}}
		},
		"member twice": func(s *lb.BalancerSpec) {
			s.Members = []lb.MemberSpec{{IP: "192.0.2.1", Port: 80}, {IP: "192.0.2.1", Port: 80}}
		},
	} {
		sp := ok
		mutate(&sp)
		_, err := a.CreateBalancer(ctx, sp)
		if what == "member twice" {
			assert.ErrorIs(t, err, errs.ErrAlreadyExists, what)
			continue
		}
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, what)
	}
	after, err := a.ListBalancers(ctx)
	require.NoError(t, err)
	assert.Len(t, after, len(before), "failed creates create nothing")

	if a.Features().UniqueNames {
		b := s.balancer(t, a)
		_, err := a.CreateBalancer(ctx, lb.BalancerSpec{Name: b.Name, Port: 81, Protocol: "tcp"})
		assert.ErrorIs(t, err, errs.ErrAlreadyExists)
		other := s.balancer(t, a)
		_, err = a.UpdateBalancer(ctx, other.ID, lb.BalancerUpdate{Name: &b.Name})
		assert.ErrorIs(t, err, errs.ErrAlreadyExists, "rename onto a taken name")
	}
	b := s.balancer(t, a)
	bad := lb.Protocol("gopher")
	_, err = a.UpdateBalancer(ctx, b.ID, lb.BalancerUpdate{Protocol: &bad})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testNotFound(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	const id = "no-such-balancer"
	_, err := a.GetBalancer(ctx, id)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorContains(t, err, "lb.GetBalancer "+id)
	port := 81
	_, err = a.UpdateBalancer(ctx, id, lb.BalancerUpdate{Port: &port})
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorIs(t, a.DestroyBalancer(ctx, id), errs.ErrNotFound)
	_, err = a.ListMembers(ctx, id)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.AttachMember(ctx, id, lb.MemberSpec{IP: "192.0.2.1", Port: 80})
	assert.ErrorIs(t, err, errs.ErrNotFound)
	b := s.balancer(t, a)
	assert.ErrorIs(t, a.DetachMember(ctx, b.ID, "no-such-member"), errs.ErrNotFound)
	_, err = a.BalancerByName(ctx, "no-such-name")
	assert.ErrorIs(t, err, errs.ErrNotFound)
	_, err = a.GetBalancer(ctx, "")
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
}

func (s *suite) testPagination(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	want := map[string]bool{}
	for range 5 {
		want[s.balancer(t, a).ID] = true
	}
	seen := map[string]bool{}
	token, pages := "", 0
	for {
		bs, next, err := a.ListBalancersPage(ctx, token, 2)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(bs), 2)
		for _, b := range bs {
			assert.False(t, seen[b.ID], "balancer %s listed twice", b.ID)
			seen[b.ID] = true
		}
		pages++
		require.Less(t, pages, 100)
		if next == "" {
			break
		}
		token = next
	}
	assert.GreaterOrEqual(t, pages, 3)
	for id := range want {
		assert.True(t, seen[id], "balancer %s missing", id)
	}
}

func ips(ms []lb.Member) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.IP
	}
	return out
}
