package zonefile

import (
	"encoding/base64"
	"encoding/json"

	"github.com/cloudfs/cloudfs/drivers/dns/driver"
	"github.com/cloudfs/cloudfs/drivers/errs"
)

const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// paginate returns the page of sorted items after the one the token names
// (the token is the last item of the previous page, JSON in base64, so a
// page neither skips nor repeats an item that was there throughout).
func paginate[T any](op string, sorted []T, opts *driver.ListOptions, cmp func(a, b T) int) ([]T, string, error) {
	size := opts.PageSize
	if size <= 0 {
		size = defaultPageSize
	}
	size = min(size, maxPageSize)
	start := 0
	if opts.PageToken != "" {
		var after T
		b, err := base64.RawURLEncoding.DecodeString(opts.PageToken)
		if err == nil {
			err = json.Unmarshal(b, &after)
		}
		if err != nil {
			return nil, "", errs.Errorf(errs.InvalidArgument, op, "", "bad page token %q", opts.PageToken)
		}
		for start < len(sorted) && cmp(sorted[start], after) <= 0 {
			start++
		}
	}
	end := min(start+size, len(sorted))
	page := sorted[start:end]
	if end == len(sorted) {
		return page, "", nil
	}
	b, err := json.Marshal(page[len(page)-1])
	if err != nil {
		return nil, "", errs.E(errs.Unknown, op, "", err)
	}
	return page, base64.RawURLEncoding.EncodeToString(b), nil
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
