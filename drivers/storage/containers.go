package storage

import (
	"context"
	"iter"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Containers yields every container, fetching pages as it goes.
func (a *Account) Containers(ctx context.Context) iter.Seq2[ContainerInfo, error] {
	const op = "storage.ListContainers"
	return func(yield func(ContainerInfo, error) bool) {
		token := ""
		for {
			if err := a.check(ctx, op, a.name); err != nil {
				yield(ContainerInfo{}, err)
				return
			}
			page, next, err := a.drv.ListContainers(ctx, token, 0)
			if err != nil {
				yield(ContainerInfo{}, errs.Wrap(err, op, a.name))
				return
			}
			for _, c := range page {
				if !yield(c, nil) {
					return
				}
			}
			if next == "" || next == token {
				return
			}
			token = next
		}
	}
}

// GetContainer returns errs.NotFound for a missing container.
func (a *Account) GetContainer(ctx context.Context, name string) (*ContainerInfo, error) {
	const op = "storage.GetContainer"
	if err := a.pre(ctx, op, name); err != nil {
		return nil, err
	}
	c, err := a.drv.GetContainer(ctx, name)
	return c, errs.Wrap(err, op, name)
}

// CreateContainer returns errs.AlreadyExists if it exists.
func (a *Account) CreateContainer(ctx context.Context, name string) error {
	const op = "storage.CreateContainer"
	if err := a.pre(ctx, op, name); err != nil {
		return err
	}
	return errs.Wrap(a.drv.CreateContainer(ctx, name), op, name)
}

// DeleteContainer returns errs.NotEmpty while objects remain.
func (a *Account) DeleteContainer(ctx context.Context, name string) error {
	const op = "storage.DeleteContainer"
	if err := a.pre(ctx, op, name); err != nil {
		return err
	}
	return errs.Wrap(a.drv.DeleteContainer(ctx, name), op, name)
}

func (a *Account) pre(ctx context.Context, op, container string) error {
	if err := validContainer(op, container); err != nil {
		return err
	}
	return a.check(ctx, op, container)
}
