package memory

import (
	"context"
	"slices"

	"github.com/cloudfs/cloudfs/drivers/compute/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

// catalog is the fixed set of sizes, images and locations.
type catalog struct {
	sizes     []driver.Size
	images    []driver.Image
	locations []driver.Location
	// onlyIn restricts a size to some locations (absent: everywhere).
	onlyIn map[string][]string
}

// DefaultLocation is where nodes and volumes go when a spec names none.
const DefaultLocation = "mem-1"

func builtinCatalog() catalog {
	return catalog{
		sizes: []driver.Size{
			{ID: "small", Name: "Small", RAMMB: 512, DiskGB: 10, VCPUs: 1, Price: 0.005, BandwidthGB: 1000},
			{ID: "medium", Name: "Medium", RAMMB: 2048, DiskGB: 40, VCPUs: 2, Price: 0.02, BandwidthGB: 2000},
			{ID: "large", Name: "Large", RAMMB: 8192, DiskGB: 160, VCPUs: 4, Price: 0.08, BandwidthGB: 4000},
			{ID: "xlarge", Name: "Extra large", RAMMB: 32768, DiskGB: 640, VCPUs: 16, Price: 0.32, Extra: map[string]string{"gpu": "none"}},
		},
		images: []driver.Image{
			{ID: "alpine-3.20", Name: "Alpine Linux 3.20", Extra: map[string]string{"os": "linux"}},
			{ID: "debian-12", Name: "Debian 12 (bookworm)", Extra: map[string]string{"os": "linux"}},
			{ID: "ubuntu-24.04", Name: "Ubuntu 24.04 LTS", Extra: map[string]string{"os": "linux"}},
		},
		locations: []driver.Location{
			{ID: "mem-1", Name: "Memory One", Country: "NL"},
			{ID: "mem-2", Name: "Memory Two", Country: "US"},
		},
		onlyIn: map[string][]string{"xlarge": {"mem-1"}},
	}
}

func (c *catalog) hasLocation(id string) bool {
	return slices.ContainsFunc(c.locations, func(l driver.Location) bool { return l.ID == id })
}

func (c *catalog) sizeIn(id, location string) bool {
	if !slices.ContainsFunc(c.sizes, func(s driver.Size) bool { return s.ID == id }) {
		return false
	}
	locs, limited := c.onlyIn[id]
	return !limited || location == "" || slices.Contains(locs, location)
}

func (c *catalog) image(id string) (driver.Image, bool) {
	i := slices.IndexFunc(c.images, func(im driver.Image) bool { return im.ID == id })
	if i < 0 {
		return driver.Image{}, false
	}
	return c.images[i], true
}

func (c *catalog) checkLocation(op, location string) error {
	if location != "" && !c.hasLocation(location) {
		return errs.Errorf(errs.InvalidArgument, op, location, "unknown location")
	}
	return nil
}

// ListSizes implements driver.Driver.
func (d *Driver) ListSizes(ctx context.Context, location string) ([]driver.Size, error) {
	if err := d.catalog.checkLocation("memory.ListSizes", location); err != nil {
		return nil, err
	}
	var out []driver.Size
	for _, s := range d.catalog.sizes {
		if d.catalog.sizeIn(s.ID, location) {
			s.Extra = copyMap(s.Extra)
			out = append(out, s)
		}
	}
	return out, ctx.Err()
}

// ListImages implements driver.Driver.
func (d *Driver) ListImages(ctx context.Context, location string) ([]driver.Image, error) {
	if err := d.catalog.checkLocation("memory.ListImages", location); err != nil {
		return nil, err
	}
	out := make([]driver.Image, len(d.catalog.images))
	for i, im := range d.catalog.images {
		im.Extra = copyMap(im.Extra)
		out[i] = im
	}
	return out, ctx.Err()
}

// GetImage implements driver.ImageGetter.
func (d *Driver) GetImage(ctx context.Context, id string) (*driver.Image, error) {
	im, ok := d.catalog.image(id)
	if !ok {
		return nil, errs.E(errs.NotFound, "memory.GetImage", id, nil)
	}
	im.Extra = copyMap(im.Extra)
	return &im, ctx.Err()
}

// ListLocations implements driver.Driver.
func (d *Driver) ListLocations(ctx context.Context) ([]driver.Location, error) {
	return slices.Clone(d.catalog.locations), ctx.Err()
}
