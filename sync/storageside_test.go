package sync

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPartConcurrency(t *testing.T) {
	for active, want := range map[int64]int{1: 0, 2: 2, 3: 1, 4: 1, 16: 1} {
		assert.Equal(t, want, partConcurrency(active), "%d uploads at once", active)
	}
}
