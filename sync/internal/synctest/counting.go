// Package synctest holds test helpers for the sync engine's tests: a
// driver wrapper that counts calls, so a test can prove that a no-op
// re-run made no HEAD and no write on any driver (memory, local, S3).
package synctest

import (
	"context"
	"sync"

	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// Counting wraps a driver and counts each method's calls. Optional
// interfaces (server-side copy, rename) are deliberately not passed on:
// sync never needs them, and hiding them makes every write a NewWriter.
type Counting struct {
	driver.Driver
	mu    sync.Mutex
	calls map[string]int64
}

var _ driver.Driver = (*Counting)(nil)

// NewCounting wraps d.
func NewCounting(d driver.Driver) *Counting { return &Counting{Driver: d, calls: map[string]int64{}} }

func (c *Counting) hit(m string) {
	c.mu.Lock()
	c.calls[m]++
	c.mu.Unlock()
}

// Calls returns how many times method was called ("Stat", "NewWriter", ...).
func (c *Counting) Calls(method string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[method]
}

// All returns a copy of every count.
func (c *Counting) All() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int64, len(c.calls))
	for k, v := range c.calls {
		out[k] = v
	}
	return out
}

// Reset sets every count to zero.
func (c *Counting) Reset() {
	c.mu.Lock()
	clear(c.calls)
	c.mu.Unlock()
}

func (c *Counting) ListContainers(ctx context.Context, tok string, n int) ([]driver.ContainerInfo, string, error) {
	c.hit("ListContainers")
	return c.Driver.ListContainers(ctx, tok, n)
}

func (c *Counting) GetContainer(ctx context.Context, name string) (*driver.ContainerInfo, error) {
	c.hit("GetContainer")
	return c.Driver.GetContainer(ctx, name)
}

func (c *Counting) CreateContainer(ctx context.Context, name string) error {
	c.hit("CreateContainer")
	return c.Driver.CreateContainer(ctx, name)
}

func (c *Counting) DeleteContainer(ctx context.Context, name string) error {
	c.hit("DeleteContainer")
	return c.Driver.DeleteContainer(ctx, name)
}

func (c *Counting) ListObjects(ctx context.Context, container string, o *driver.ListOptions) (*driver.ListPage, error) {
	c.hit("ListObjects")
	return c.Driver.ListObjects(ctx, container, o)
}

func (c *Counting) Stat(ctx context.Context, container, key string) (*driver.Attributes, error) {
	c.hit("Stat")
	return c.Driver.Stat(ctx, container, key)
}

func (c *Counting) NewRangeReader(ctx context.Context, container, key string, off, n int64, o *driver.ReaderOptions) (driver.Reader, error) {
	c.hit("NewRangeReader")
	return c.Driver.NewRangeReader(ctx, container, key, off, n, o)
}

func (c *Counting) NewWriter(ctx context.Context, container, key string, o *driver.WriterOptions) (driver.Writer, error) {
	c.hit("NewWriter")
	w, err := c.Driver.NewWriter(ctx, container, key, o)
	if err != nil {
		return nil, err
	}
	return &countingWriter{Writer: w, c: c}, nil
}

func (c *Counting) Delete(ctx context.Context, container, key string) error {
	c.hit("Delete")
	return c.Driver.Delete(ctx, container, key)
}

func (c *Counting) SetMetadata(ctx context.Context, container, key string, u *driver.MetadataUpdate) error {
	c.hit("SetMetadata")
	return c.Driver.SetMetadata(ctx, container, key, u)
}

// countingWriter counts commits (Close calls that succeed).
type countingWriter struct {
	driver.Writer
	c *Counting
}

func (w *countingWriter) Close() error {
	err := w.Writer.Close()
	if err == nil {
		w.c.hit("Commit")
	}
	return err
}
