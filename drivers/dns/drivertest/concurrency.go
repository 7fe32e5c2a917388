package drivertest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/dns"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parallel runs f n times at once and returns the errors.
func parallel(n int, f func(i int) error) []error {
	out := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = f(i)
		}()
	}
	wg.Wait()
	return out
}

func (s *suite) testConcurrentRecords(t *testing.T) {
	a := s.account(t)
	z := s.zone(t, a)
	const n = 12
	errs := parallel(n, func(i int) error {
		_, err := a.CreateRecord(context.Background(), z.ID, dns.RecordSpec{Name: "many", Type: "A", Data: fmt.Sprintf("192.0.2.%d", i+1)})
		return err
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Len(t, find(records(t, a, z.ID), "many", "A"), n, "no concurrent create was lost")
	s.checkRoundTrip(t, a, z.ID)
}

func (s *suite) testConcurrentSameRecord(t *testing.T) {
	a := s.account(t)
	z := s.zone(t, a)
	results := parallel(6, func(int) error {
		_, err := a.CreateRecord(context.Background(), z.ID, dns.RecordSpec{Name: "same", Type: "A", Data: "192.0.2.1"})
		return err
	})
	ok := 0
	for _, err := range results {
		if err == nil {
			ok++
		} else {
			assert.ErrorIs(t, err, errs.ErrAlreadyExists)
		}
	}
	assert.Equal(t, 1, ok)
	assert.Len(t, find(records(t, a, z.ID), "same", "A"), 1)
}

func (s *suite) testConcurrentZones(t *testing.T) {
	a := s.account(t)
	domain := uniqueDomain("race")
	results := parallel(5, func(int) error {
		_, err := a.CreateZone(context.Background(), dns.ZoneSpec{Domain: domain})
		return err
	})
	ok := 0
	for _, err := range results {
		if err == nil {
			ok++
		} else {
			assert.ErrorIs(t, err, errs.ErrAlreadyExists)
		}
	}
	assert.Equal(t, 1, ok, "exactly one create of a domain wins")
	z, err := a.ZoneByDomain(context.Background(), domain)
	require.NoError(t, err)
	require.NoError(t, a.DeleteZone(context.Background(), z.ID, nil))
}
