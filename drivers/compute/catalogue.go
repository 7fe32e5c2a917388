package compute

import (
	"context"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// ListSizes returns the sizes (in location, if not "").
func (a *Account) ListSizes(ctx context.Context, location string) ([]Size, error) {
	const op = "compute.ListSizes"
	if err := a.check(op, location); err != nil {
		return nil, err
	}
	s, err := a.d.ListSizes(ctx, location)
	return s, errs.Wrap(err, op, location)
}

// ListImages returns the images (in location, if not "").
func (a *Account) ListImages(ctx context.Context, location string) ([]Image, error) {
	const op = "compute.ListImages"
	if err := a.check(op, location); err != nil {
		return nil, err
	}
	s, err := a.d.ListImages(ctx, location)
	return s, errs.Wrap(err, op, location)
}

// GetImage returns one image: from the driver's lookup where it has one,
// else from the full list. errs.NotFound for an unknown ID.
func (a *Account) GetImage(ctx context.Context, id string) (*Image, error) {
	const op = "compute.GetImage"
	if err := a.check(op, id); err != nil {
		return nil, err
	}
	if a.images != nil {
		img, err := a.images.GetImage(ctx, id)
		return img, errs.Wrap(err, op, id)
	}
	all, err := a.d.ListImages(ctx, "")
	if err != nil {
		return nil, errs.Wrap(err, op, id)
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, errs.E(errs.NotFound, op, id, nil)
}

// ListLocations returns the locations.
func (a *Account) ListLocations(ctx context.Context) ([]Location, error) {
	const op = "compute.ListLocations"
	if err := a.check(op, ""); err != nil {
		return nil, err
	}
	s, err := a.d.ListLocations(ctx)
	return s, errs.Wrap(err, op, "")
}
