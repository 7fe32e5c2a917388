package drivertest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (s *suite) testMembers(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	b := s.balancer(t, a)
	m1, err := a.AttachMember(ctx, b.ID, lb.MemberSpec{IP: "192.0.2.20", Port: 8080})
	require.NoError(t, err)
	assert.NotEmpty(t, m1.ID)
	assert.Equal(t, "192.0.2.20", m1.IP)
	assert.Equal(t, 8080, m1.Port)
	m2, err := a.AttachMember(ctx, b.ID, lb.MemberSpec{IP: "2001:db8::20", Port: 8080, Weight: 5})
	require.NoError(t, err)
	assert.Equal(t, "2001:db8::20", m2.IP)
	_, err = a.AttachMember(ctx, b.ID, lb.MemberSpec{IP: "::ffff:192.0.2.20", Port: 8080})
	assert.ErrorIs(t, err, errs.ErrAlreadyExists, "an IPv4-mapped address is the same member")
	_, err = a.AttachMember(ctx, b.ID, lb.MemberSpec{IP: "192.0.2.20", Port: 8081})
	require.NoError(t, err, "another port is another member")

	ms, err := a.ListMembers(ctx, b.ID)
	require.NoError(t, err)
	assert.Len(t, ms, 3)
	if a.Features().Weights {
		i := slices.IndexFunc(ms, func(m lb.Member) bool { return m.ID == m2.ID })
		require.GreaterOrEqual(t, i, 0)
		assert.Equal(t, 5, ms[i].Weight)
	}
	require.NoError(t, a.DetachMember(ctx, b.ID, m1.ID))
	ms, err = a.ListMembers(ctx, b.ID)
	require.NoError(t, err)
	assert.Len(t, ms, 2)
	assert.False(t, slices.ContainsFunc(ms, func(m lb.Member) bool { return m.ID == m1.ID }))
	assert.ErrorIs(t, a.DetachMember(ctx, b.ID, m1.ID), errs.ErrNotFound)
	for _, bad := range []lb.MemberSpec{{IP: "", Port: 80}, {IP: "192.0.2.1", Port: 99999}, {IP: "192.0.2.1/24", Port: 80}} {
		_, err = a.AttachMember(ctx, b.ID, bad)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, "%+v", bad)
	}
}

func (s *suite) testAttachNode(t *testing.T) {
	a := s.account(t)
	ctx := context.Background()
	b := s.balancer(t, a)
	m, err := a.AttachNode(ctx, b.ID, compute.Node{ID: "n1", Name: "web1", PublicIPs: []string{"198.51.100.5", "198.51.100.6"}, PrivateIPs: []string{"10.0.0.5"}}, 8080)
	require.NoError(t, err)
	assert.Equal(t, "198.51.100.5", m.IP, "the first public IP")
	assert.Equal(t, 8080, m.Port)
	m, err = a.AttachNode(ctx, b.ID, compute.Node{ID: "n2", Name: "web2", PrivateIPs: []string{"10.0.0.6"}}, 8080)
	require.NoError(t, err)
	assert.Equal(t, "10.0.0.6", m.IP, "else the first private IP")
	_, err = a.AttachNode(ctx, b.ID, compute.Node{ID: "n3", Name: "web3"}, 8080)
	assert.ErrorIs(t, err, errs.ErrInvalidArgument, "a node without IPs")
	ms, err := a.ListMembers(ctx, b.ID)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"198.51.100.5", "10.0.0.6"}, ips(ms))
}

func (s *suite) testUpdateMember(t *testing.T) {
	a := s.account(t)
	if !a.Features().UpdateMember {
		t.Skip("driver cannot update members in place")
	}
	ctx := context.Background()
	b := s.balancer(t, a, lb.MemberSpec{IP: "192.0.2.30", Port: 80})
	id := b.Members[0].ID
	drain := driver.MemberDraining
	m, err := a.UpdateMember(ctx, b.ID, id, lb.MemberUpdate{Condition: &drain})
	require.NoError(t, err)
	assert.Equal(t, drain, m.Condition)
	got, err := a.GetBalancer(ctx, b.ID)
	require.NoError(t, err)
	assert.Equal(t, drain, got.Members[0].Condition)
	if a.Features().Weights {
		w := 7
		m, err = a.UpdateMember(ctx, b.ID, id, lb.MemberUpdate{Weight: &w})
		require.NoError(t, err)
		assert.Equal(t, 7, m.Weight)
		assert.Equal(t, drain, m.Condition, "an update keeps what it does not name")
	}
	bad := lb.MemberCondition("asleep")
	_, err = a.UpdateMember(ctx, b.ID, id, lb.MemberUpdate{Condition: &bad})
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	_, err = a.UpdateMember(ctx, b.ID, "no-such-member", lb.MemberUpdate{Condition: &drain})
	assert.ErrorIs(t, err, errs.ErrNotFound)
}

func (s *suite) testConcurrentAttach(t *testing.T) {
	a := s.account(t)
	b := s.balancer(t, a)
	const n = 16
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := a.AttachMember(context.Background(), b.ID, lb.MemberSpec{IP: fmt.Sprintf("192.0.2.%d", i+1), Port: 80})
			errc <- err
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		require.NoError(t, err)
	}
	ms, err := a.ListMembers(context.Background(), b.ID)
	require.NoError(t, err)
	assert.Len(t, ms, n, "no concurrent attach was lost")
}
