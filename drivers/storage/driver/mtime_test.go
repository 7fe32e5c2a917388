package driver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestMtimeRoundTrip(t *testing.T) {
	for _, tm := range []time.Time{
		time.Unix(1607616000, 0),
		time.Unix(1607616000, 123456789),
		time.Unix(1607616000, 500000000),
	} {
		got, ok := ParseMtime(FormatMtime(tm))
		assert.True(t, ok)
		// float64 keeps about 7 digits after the point for current dates.
		assert.WithinDuration(t, tm, got, time.Microsecond)
	}
}

func TestParseMtimeForms(t *testing.T) {
	got, ok := ParseMtime("1607616000.5")
	assert.True(t, ok)
	assert.Equal(t, time.Unix(1607616000, 500000000), got)
	got, ok = ParseMtime("2020-12-10T16:00:00Z")
	assert.True(t, ok)
	assert.Equal(t, time.Unix(1607616000, 0).UTC(), got.UTC())
	for _, bad := range []string{"", "abc", "12.x", "-5"} {
		_, ok := ParseMtime(bad)
		assert.False(t, ok, bad)
	}
}
