package memory

import (
	"context"
	"sort"
	"time"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// defaultPageSize applies when a caller asks for page size 0.
const defaultPageSize = 1000

// ListContainers implements driver.Driver. The page token is the last
// name returned.
func (d *Driver) ListContainers(ctx context.Context, pageToken string, pageSize int) ([]driver.ContainerInfo, string, error) {
	if err := d.enter(ctx, OpListContainers, "", ""); err != nil {
		return nil, "", err
	}
	if pageSize <= 0 {
		pageSize = defaultPageSize
	}
	d.mu.RLock()
	names := make([]string, 0, len(d.containers))
	for n := range d.containers {
		if n > pageToken {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	next := ""
	if len(names) > pageSize {
		names = names[:pageSize]
		next = names[pageSize-1]
	}
	out := make([]driver.ContainerInfo, len(names))
	for i, n := range names {
		out[i] = driver.ContainerInfo{Name: n, Created: d.containers[n].created}
	}
	d.mu.RUnlock()
	return out, next, nil
}

// GetContainer implements driver.Driver.
func (d *Driver) GetContainer(ctx context.Context, name string) (*driver.ContainerInfo, error) {
	if err := d.enter(ctx, OpGetContainer, name, ""); err != nil {
		return nil, err
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	c, err := d.bucket("memory.GetContainer", name)
	if err != nil {
		return nil, err
	}
	return &driver.ContainerInfo{Name: name, Created: c.created}, nil
}

// CreateContainer implements driver.Driver.
func (d *Driver) CreateContainer(ctx context.Context, name string) error {
	if err := d.enter(ctx, OpCreateContainer, name, ""); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.containers[name]; ok {
		return errs.Errorf(errs.AlreadyExists, "memory.CreateContainer", name, "container %q exists", name)
	}
	d.containers[name] = &container{created: time.Now(), objects: map[string]*object{}}
	return nil
}

// DeleteContainer implements driver.Driver.
func (d *Driver) DeleteContainer(ctx context.Context, name string) error {
	if err := d.enter(ctx, OpDeleteContainer, name, ""); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c, err := d.bucket("memory.DeleteContainer", name)
	if err != nil {
		return err
	}
	if len(c.objects) > 0 {
		return errs.Errorf(errs.NotEmpty, "memory.DeleteContainer", name, "container %q holds %d objects", name, len(c.objects))
	}
	delete(d.containers, name)
	return nil
}
