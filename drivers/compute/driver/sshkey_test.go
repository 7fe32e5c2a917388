package driver

import (
	"testing"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const edKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJaKPNt8QlmBzZxgh34Z0l2McMG7S7fmKmCRFeF8WZEv test@cloudfs"

func TestParseSSHPublicKey(t *testing.T) {
	k, err := ParseSSHPublicKey("  " + edKey + "\n")
	require.NoError(t, err)
	assert.Equal(t, "ssh-ed25519", k.Type)
	assert.Equal(t, "test@cloudfs", k.Comment)
	// The fingerprint ssh-keygen -l prints for this key.
	assert.Equal(t, "SHA256:Phb9vle3lOUmsJLcnN4XYfA9N7PS3SOAMPkYtwNXDp0", k.Fingerprint())
	assert.Equal(t, edKey, k.String())

	for name, line := range map[string]string{
		"empty":         "",
		"no data":       "ssh-ed25519",
		"unknown type":  "ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIJaKPNt8QlmBzZxgh34Z0l2McMG7S7fmKmCRFeF8WZEv",
		"type mismatch": "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIJaKPNt8QlmBzZxgh34Z0l2McMG7S7fmKmCRFeF8WZEv",
		"not base64":    "ssh-ed25519 !!!!",
		"short":         "ssh-ed25519 AAA=",
		"only type":     "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5",
		"length lies":   "ssh-ed25519 /////w==",
	} {
		_, err := ParseSSHPublicKey(line)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, name)
	}
}

func TestNodeStateValid(t *testing.T) {
	for _, s := range NodeStates {
		assert.True(t, s.Valid(), s)
	}
	assert.False(t, NodeState("exploded").Valid())
}
