package drivertest

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/lb"
	"github.com/cloudfs/cloudfs/drivers/lb/driver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bareDriver hides the optional interfaces of a driver.
type bareDriver struct{ driver.Driver }

func (s *suite) testJSON(t *testing.T) {
	a := s.account(t)
	b := s.balancer(t, a, lb.MemberSpec{IP: "192.0.2.40", Port: 80, Extra: map[string]string{"z": "1", "a": "2"}})
	got, err := a.GetBalancer(context.Background(), b.ID)
	require.NoError(t, err)
	b1, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	var back lb.Balancer
	dec := json.NewDecoder(bytes.NewReader(b1))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&back))
	assert.Equal(t, *got, back)
	b2, err := json.MarshalIndent(back, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(b1), string(b2))
	for _, k := range []string{`"name"`, `"port"`, `"protocol"`, `"algorithm"`, `"members"`, `"condition"`} {
		assert.Contains(t, string(b1), k)
	}
}

func (s *suite) testUnimplemented(t *testing.T) {
	a := lb.New(bareDriver{s.h(t)})
	t.Cleanup(func() { _ = a.Close() })
	assert.False(t, a.Features().UpdateMember)
	drain := driver.MemberDraining
	_, err := a.UpdateMember(context.Background(), "b", "m", lb.MemberUpdate{Condition: &drain})
	assert.ErrorIs(t, err, errs.ErrUnimplemented)
}

func (s *suite) testConcurrentSameName(t *testing.T) {
	a := s.account(t)
	if !a.Features().UniqueNames {
		t.Skip("provider allows duplicate names")
	}
	name := uniqueName("same")
	const n = 6
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := a.CreateBalancer(context.Background(), lb.BalancerSpec{Name: name, Port: 80, Protocol: "tcp"})
			if err == nil {
				t.Cleanup(func() { _ = a.DestroyBalancer(context.Background(), b.ID) })
			}
			errc <- err
		}()
	}
	wg.Wait()
	close(errc)
	ok := 0
	for err := range errc {
		if err == nil {
			ok++
		} else {
			assert.ErrorIs(t, err, errs.ErrAlreadyExists)
		}
	}
	assert.Equal(t, 1, ok)
}

func (s *suite) testClosed(t *testing.T) {
	a := lb.New(s.h(t))
	require.NoError(t, a.Close())
	_, err := a.ListBalancers(context.Background())
	assert.ErrorIs(t, err, errs.ErrPreconditionFailed)
	assert.ErrorIs(t, a.Close(), errs.ErrPreconditionFailed)
}
