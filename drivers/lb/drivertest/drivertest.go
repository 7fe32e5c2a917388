// Package drivertest is the conformance suite every load-balancer driver
// runs, in the manner of gocloud.dev's drivertest: a provider's test file
// is little more than a harness that makes a fresh driver per test.
//
//	func TestConformance(t *testing.T) {
//		drivertest.RunConformanceTests(t, func(t *testing.T) driver.Driver {
//			return memory.New()
//		})
//	}
//
// The suite goes through the portable API (drivers/lb): protocols and
// algorithms, the balancer life cycle, members (attach, detach, update,
// compute nodes), every error kind, pagination, JSON round trips and
// concurrent use.
package drivertest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Harness makes a fresh, empty driver for one test.
type Harness func(t *testing.T) driver.Driver

// RunConformanceTests runs the suite.
func RunConformanceTests(t *testing.T, h Harness) {
	s := &suite{h: h}
	tests := []struct {
		name string
		f    func(*testing.T)
	}{
		{"Catalogue", s.testCatalogue},
		{"Lifecycle", s.testLifecycle},
		{"CreateErrors", s.testCreateErrors},
		{"NotFound", s.testNotFound},
		{"Members", s.testMembers},
		{"AttachNode", s.testAttachNode},
		{"UpdateMember", s.testUpdateMember},
		{"Pagination", s.testPagination},
		{"JSONRoundTrip", s.testJSON},
		{"Unimplemented", s.testUnimplemented},
		{"ConcurrentAttach", s.testConcurrentAttach},
		{"ConcurrentSameName", s.testConcurrentSameName},
		{"Closed", s.testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.f)
	}
}

type suite struct{ h Harness }

var seq atomic.Int64

func uniqueName(prefix string) string { return fmt.Sprintf("%s-%d", prefix, seq.Add(1)) }

func (s *suite) account(t *testing.T) *lb.Account {
	t.Helper()
	a := lb.New(s.h(t))
	t.Cleanup(func() { _ = a.Close() })
	return a
}

func (s *suite) balancer(t *testing.T, a *lb.Account, members ...lb.MemberSpec) *lb.Balancer {
	t.Helper()
	b, err := a.CreateBalancer(context.Background(), lb.BalancerSpec{Name: uniqueName("lb"), Port: 80, Protocol: "http", Members: members})
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.DestroyBalancer(context.Background(), b.ID) })
	return b
}

func (s *suite) testCatalogue(t *testing.T) {
	a := s.account(t)
	ps, err := a.ListProtocols(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, ps)
	for _, p := range ps {
		assert.Regexp(t, `^[a-z0-9_]+$`, string(p), "protocols are lower case")
	}
	as, err := a.ListAlgorithms(context.Background())
	require.NoError(t, err)
	assert.Contains(t, as, driver.RoundRobin)
	for _, al := range as {
		assert.Contains(t, driver.Algorithms, al)
	}
}
