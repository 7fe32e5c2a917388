package compute

import (
	"context"
	"slices"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// validateSpec checks a node spec before anything is created: the name,
// the size, image and location against the catalogue, the auth method
// against what the driver supports, and the SSH key's format.
func (a *Account) validateSpec(ctx context.Context, op string, s *NodeSpec) error {
	if err := checkName(op, s.Name); err != nil {
		return err
	}
	bad := func(format string, args ...any) error {
		return errs.Errorf(errs.InvalidArgument, op, s.Name, format, args...)
	}
	if s.Size == "" || s.Image == "" {
		return bad("a node needs a size and an image")
	}
	if s.Location != "" {
		locs, err := a.d.ListLocations(ctx)
		if err != nil {
			return errs.Wrap(err, op, s.Name)
		}
		if !slices.ContainsFunc(locs, func(l Location) bool { return l.ID == s.Location }) {
			return bad("unknown location %q", s.Location)
		}
	}
	sizes, err := a.d.ListSizes(ctx, s.Location)
	if err != nil {
		return errs.Wrap(err, op, s.Name)
	}
	if !slices.ContainsFunc(sizes, func(z Size) bool { return z.ID == s.Size }) {
		return bad("unknown size %q", s.Size)
	}
	if err := a.checkImage(ctx, op, s); err != nil {
		return err
	}
	return a.checkAuth(ctx, op, s)
}

func (a *Account) checkImage(ctx context.Context, op string, s *NodeSpec) error {
	if a.images != nil {
		_, err := a.images.GetImage(ctx, s.Image)
		if errs.Is(err, errs.NotFound) {
			return errs.Errorf(errs.InvalidArgument, op, s.Name, "unknown image %q", s.Image)
		}
		return errs.Wrap(err, op, s.Name)
	}
	images, err := a.d.ListImages(ctx, s.Location)
	if err != nil {
		return errs.Wrap(err, op, s.Name)
	}
	if !slices.ContainsFunc(images, func(i Image) bool { return i.ID == s.Image }) {
		return errs.Errorf(errs.InvalidArgument, op, s.Name, "unknown image %q", s.Image)
	}
	return nil
}

func (a *Account) checkAuth(ctx context.Context, op string, s *NodeSpec) error {
	bad := func(format string, args ...any) error {
		return errs.Errorf(errs.InvalidArgument, op, s.Name, format, args...)
	}
	if s.Auth.SSHKey != "" && s.Auth.KeyName != "" {
		return bad("give an SSH key or a key pair name, not both")
	}
	if (s.Auth.SSHKey != "" || s.Auth.KeyName != "") && !a.caps.SSHKeyAuth {
		return errs.Errorf(errs.Unimplemented, op, s.Name, "this provider does not take SSH keys")
	}
	if s.Auth.Password != "" && !a.caps.PasswordAuth {
		return errs.Errorf(errs.Unimplemented, op, s.Name, "this provider does not take passwords")
	}
	if s.UserData != "" && !a.caps.UserData {
		return errs.Errorf(errs.Unimplemented, op, s.Name, "this provider does not take user data")
	}
	if m := a.caps.MaxUserDataBytes; m > 0 && len(s.UserData) > m {
		return bad("user data is %d bytes; the provider takes at most %d", len(s.UserData), m)
	}
	if s.Auth.SSHKey != "" {
		if _, err := driver.ParseSSHPublicKey(s.Auth.SSHKey); err != nil {
			return errs.Wrap(err, op, s.Name)
		}
	}
	if s.Auth.KeyName != "" && a.keys != nil {
		_, err := a.keys.GetKeyPair(ctx, s.Auth.KeyName)
		if errs.Is(err, errs.NotFound) {
			return bad("unknown key pair %q", s.Auth.KeyName)
		}
		if err != nil {
			return errs.Wrap(err, op, s.Name)
		}
	}
	return nil
}
