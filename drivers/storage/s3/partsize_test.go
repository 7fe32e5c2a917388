package s3

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPartSizeReaches5TiB: with the size unknown, the growing parts carry
// S3's largest object within its part cap, and no part is over S3's limit.
func TestPartSizeReaches5TiB(t *testing.T) {
	for _, base := range []int64{DefaultPartSize, 8 << 20, 64 << 20} {
		var total int64
		for n := 1; n <= MaxParts; n++ {
			s := partSize(base, n)
			assert.LessOrEqual(t, s, int64(MaxPartSize))
			assert.GreaterOrEqual(t, s, int64(MinPartSize))
			total += s
		}
		assert.GreaterOrEqual(t, total, int64(MaxObjectSize), "base %d", base)
	}
	assert.Equal(t, int64(DefaultPartSize), partSize(DefaultPartSize, 1000))
	assert.Equal(t, int64(2*DefaultPartSize), partSize(DefaultPartSize, 1001))
	assert.Equal(t, int64(MaxPartSize), partSize(DefaultPartSize, 10000))
}

// TestBasePartSize: a size hint raises the part size just enough to fit.
func TestBasePartSize(t *testing.T) {
	assert.Equal(t, int64(DefaultPartSize), basePartSize(DefaultPartSize, -1))
	assert.Equal(t, int64(DefaultPartSize), basePartSize(DefaultPartSize, 1<<30))
	assert.Equal(t, int64(MinPartSize), basePartSize(1, -1), "raised to S3's minimum")
	for _, hint := range []int64{200 << 30, 1 << 40, MaxObjectSize} {
		p := basePartSize(DefaultPartSize, hint)
		assert.LessOrEqual(t, (hint+p-1)/p, int64(MaxParts), "hint %d: part %d", hint, p)
		assert.Zero(t, p%(1<<20), "whole MiB")
		assert.LessOrEqual(t, p, int64(MaxPartSize))
	}
	assert.Equal(t, int64(525<<20), basePartSize(DefaultPartSize, MaxObjectSize))
}
