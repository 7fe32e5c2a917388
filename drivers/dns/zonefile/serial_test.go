package zonefile

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestNextSerial(t *testing.T) {
	day := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		old, want uint32
	}{
		{0, 2025031401},          // a new zone
		{2025031401, 2025031402}, // a second change today
		{2025031499, 2025031500}, // past nn 99 it counts on
		{2024123105, 2025031401}, // an older day moves to today
		{2026010101, 2026010102}, // a serial from the future only counts up
		{5, 6},                   // a plain counter stays a counter
		{4294967295, 0},          // RFC 1982 wrap
	} {
		assert.Equal(t, tc.want, NextSerial(tc.old, day), "after %d", tc.old)
	}
}

func TestParseTTL(t *testing.T) {
	for in, want := range map[string]int{"3600": 3600, "1h": 3600, "1h30m": 5400, "2d": 172800, "1w": 604800} {
		got, ok := parseTTL(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "h", "1x", "10m5", "0"} {
		_, ok := parseTTL(in)
		assert.False(t, ok, in)
	}
}
