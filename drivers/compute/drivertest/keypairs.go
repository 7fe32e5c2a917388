package drivertest

import (
	"context"
	"slices"
	"testing"

	"github.com/cloudfs/cloudfs/drivers/compute"
	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testKey is a real Ed25519 public key (its private half was thrown away).
const testKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJaKPNt8QlmBzZxgh34Z0l2McMG7S7fmKmCRFeF8WZEv test@cloudfs"

func (s *suite) testKeyPairs(t *testing.T) {
	a := s.account(t)
	if !a.Features().KeyPairs {
		t.Skip("driver has no key pairs")
	}
	ctx := context.Background()
	name := uniqueName("key")
	k, err := a.ImportKeyPair(ctx, name, testKey)
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.DeleteKeyPair(ctx, name) })
	assert.Equal(t, name, k.Name)
	assert.NotEmpty(t, k.Fingerprint)
	assert.Empty(t, k.PrivateKey)
	pk, err := driver.ParseSSHPublicKey(k.PublicKey)
	require.NoError(t, err, "the stored public key parses")
	want, _ := driver.ParseSSHPublicKey(testKey)
	assert.Equal(t, want.Blob, pk.Blob, "the stored key is the imported key")

	got, err := a.GetKeyPair(ctx, name)
	require.NoError(t, err)
	assert.Equal(t, k.Fingerprint, got.Fingerprint)
	list, err := a.ListKeyPairs(ctx)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(list, func(x compute.KeyPair) bool { return x.Name == name }))
	assert.True(t, slices.IsSortedFunc(list, func(x, y compute.KeyPair) int { return compareStrings(x.Name, y.Name) }))

	_, err = a.ImportKeyPair(ctx, name, testKey)
	assert.ErrorIs(t, err, errs.ErrAlreadyExists)
	for _, bad := range []string{"", "ssh-ed25519", "ssh-foo AAAA", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIJaKPNt8QlmBzZxgh34Z0l2McMG7S7fmKmCRFeF8WZEv"} {
		_, err = a.ImportKeyPair(ctx, uniqueName("bad"), bad)
		assert.ErrorIs(t, err, errs.ErrInvalidArgument, "key %q", bad)
	}

	// A node can use the key pair by name.
	if a.Features().SSHKeyAuth {
		sp := s.spec(t, a, uniqueName("keyed"))
		sp.Auth.KeyName = name
		n, err := a.CreateNode(ctx, sp)
		require.NoError(t, err)
		require.NoError(t, a.DestroyNode(ctx, n.ID))
	}

	require.NoError(t, a.DeleteKeyPair(ctx, name))
	_, err = a.GetKeyPair(ctx, name)
	assert.ErrorIs(t, err, errs.ErrNotFound)
	assert.ErrorIs(t, a.DeleteKeyPair(ctx, name), errs.ErrNotFound)
}

func (s *suite) testCreateKeyPair(t *testing.T) {
	a := s.account(t)
	if !a.Features().CreateKeyPair {
		t.Skip("driver cannot generate key pairs")
	}
	ctx := context.Background()
	name := uniqueName("gen")
	k, err := a.CreateKeyPair(ctx, name)
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.DeleteKeyPair(ctx, name) })
	assert.NotEmpty(t, k.PrivateKey, "the private key is returned once")
	_, err = driver.ParseSSHPublicKey(k.PublicKey)
	require.NoError(t, err)
	got, err := a.GetKeyPair(ctx, name)
	require.NoError(t, err)
	assert.Empty(t, got.PrivateKey, "the private key is never shown again")
	assert.Equal(t, k.PublicKey, got.PublicKey)
	_, err = a.CreateKeyPair(ctx, name)
	assert.ErrorIs(t, err, errs.ErrAlreadyExists)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
