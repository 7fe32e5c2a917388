package local

import (
	"context"
	"os"
	"sort"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

const defaultPageSize = 1000

// ListContainers implements driver.Driver: the directories under the
// root, in name order. The page token is the last name returned.
func (d *Driver) ListContainers(ctx context.Context, pageToken string, pageSize int) ([]driver.ContainerInfo, string, error) {
	const op = "local.ListContainers"
	if err := ctx.Err(); err != nil {
		return nil, "", errs.Wrap(err, op, d.root)
	}
	if pageSize <= 0 {
		pageSize = defaultPageSize
	}
	ents, err := os.ReadDir(d.root)
	if err != nil {
		return nil, "", mapErr(op, d.root, err)
	}
	i := sort.Search(len(ents), func(i int) bool { return ents[i].Name() > pageToken })
	var out []driver.ContainerInfo
	for ; i < len(ents); i++ {
		e := ents[i]
		if !e.IsDir() {
			continue
		}
		if len(out) == pageSize {
			return out, out[pageSize-1].Name, nil
		}
		info := driver.ContainerInfo{Name: e.Name()}
		if fi, err := e.Info(); err == nil {
			info.Created = fi.ModTime()
		}
		out = append(out, info)
	}
	return out, "", nil
}

// GetContainer implements driver.Driver. Created is the directory's mtime.
func (d *Driver) GetContainer(ctx context.Context, name string) (*driver.ContainerInfo, error) {
	const op = "local.GetContainer"
	if err := ctx.Err(); err != nil {
		return nil, errs.Wrap(err, op, name)
	}
	dir, err := d.existingContainer(op, name)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, mapErr(op, name, err)
	}
	return &driver.ContainerInfo{Name: name, Created: fi.ModTime()}, nil
}

// CreateContainer implements driver.Driver.
func (d *Driver) CreateContainer(ctx context.Context, name string) error {
	const op = "local.CreateContainer"
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, op, name)
	}
	dir, err := d.containerDir(op, name)
	if err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		if os.IsExist(err) {
			return errs.E(errs.AlreadyExists, op, name, err)
		}
		return mapErr(op, name, err)
	}
	return d.syncDir(d.root)
}

// DeleteContainer implements driver.Driver: NotEmpty while any object
// remains; the hidden staging and sidecar folders go with the container.
func (d *Driver) DeleteContainer(ctx context.Context, name string) error {
	const op = "local.DeleteContainer"
	if err := ctx.Err(); err != nil {
		return errs.Wrap(err, op, name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	dir, err := d.existingContainer(op, name)
	if err != nil {
		return err
	}
	page, err := d.list(ctx, dir, &driver.ListOptions{PageSize: 1})
	if err != nil {
		return errs.Wrap(err, op, name)
	}
	if len(page.Objects) > 0 {
		return errs.Errorf(errs.NotEmpty, op, name, "container %q holds objects (%q, ...)", name, page.Objects[0].Key)
	}
	if err := os.RemoveAll(dir); err != nil {
		return mapErr(op, name, err)
	}
	return d.syncDir(d.root)
}
