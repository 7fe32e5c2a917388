package params

import (
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"4096": 4096, "8k": 8192, "8KiB": 8192, "64M": 64 << 20, "1G": 1 << 30, "2T": 2 << 40, "5MB": 5 << 20} {
		got, err := ParseSize(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "x", "-1", "1.5M"} {
		_, err := ParseSize(in)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, in)
	}
}

func TestTypedOptions(t *testing.T) {
	p := Params{Account: "a", Driver: "s3", Options: map[string]string{"n": "3", "b": "yes?", "d": "2s", "s": "16M"}}
	n, err := p.Int("n", 1)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	_, err = p.Bool("b", false)
	assert.ErrorIs(t, err, errs.ErrInvalidArgument)
	assert.Contains(t, err.Error(), `option "b"`)
	s, err := p.Size("s", 0)
	require.NoError(t, err)
	assert.Equal(t, int64(16<<20), s)
	_, err = p.Required("endpoint")
	assert.ErrorContains(t, err, `option "endpoint": is required`)
	assert.Equal(t, "def", p.String("missing", "def"))
}
