package compute

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListKeyPairs returns the key pairs in name order.
func (a *Account) ListKeyPairs(ctx context.Context) ([]KeyPair, error) {
	const op = "compute.ListKeyPairs"
	if err := a.check(op, ""); err != nil {
		return nil, err
	}
	if a.keys == nil {
		return nil, unimplemented(op, "")
	}
	k, err := a.keys.ListKeyPairs(ctx)
	return k, errs.Wrap(err, op, "")
}

// GetKeyPair returns a key pair by name; errs.NotFound if none.
func (a *Account) GetKeyPair(ctx context.Context, name string) (*KeyPair, error) {
	const op = "compute.GetKeyPair"
	if err := a.checkKeyOp(op, name); err != nil {
		return nil, err
	}
	k, err := a.keys.GetKeyPair(ctx, name)
	return k, errs.Wrap(err, op, name)
}

// ImportKeyPair registers an existing public key (authorized_keys
// format). A key that does not parse is errs.InvalidArgument.
func (a *Account) ImportKeyPair(ctx context.Context, name, publicKey string) (*KeyPair, error) {
	const op = "compute.ImportKeyPair"
	if err := a.checkKeyOp(op, name); err != nil {
		return nil, err
	}
	if _, err := driver.ParseSSHPublicKey(publicKey); err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	k, err := a.keys.ImportKeyPair(ctx, name, publicKey)
	return k, errs.Wrap(err, op, name)
}

// CreateKeyPair has the provider generate a key pair and returns it with
// its private key, which the provider will not show again.
func (a *Account) CreateKeyPair(ctx context.Context, name string) (*KeyPair, error) {
	const op = "compute.CreateKeyPair"
	if err := a.check(op, name); err != nil {
		return nil, err
	}
	if a.keyGen == nil {
		return nil, unimplemented(op, name)
	}
	if err := checkName(op, name); err != nil {
		return nil, err
	}
	k, err := a.keyGen.CreateKeyPair(ctx, name)
	return k, errs.Wrap(err, op, name)
}

// DeleteKeyPair deletes a key pair by name; errs.NotFound if none.
func (a *Account) DeleteKeyPair(ctx context.Context, name string) error {
	const op = "compute.DeleteKeyPair"
	if err := a.checkKeyOp(op, name); err != nil {
		return err
	}
	return errs.Wrap(a.keys.DeleteKeyPair(ctx, name), op, name)
}

func (a *Account) checkKeyOp(op, name string) error {
	if err := a.check(op, name); err != nil {
		return err
	}
	if a.keys == nil {
		return unimplemented(op, name)
	}
	return checkName(op, name)
}
