package driver

import (
	"encoding/base64"
	"encoding/json"

	"github.com/cloudfs/cloudfs/drivers/errs"
)

// Page sizes of Paginate.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// Paginate is for in-process drivers (memory, zonefile) that hold a
// sorted slice: it returns the page of sorted items after the one the token names
// (the token is the last item of the previous page, JSON in base64, so a
// page neither skips nor repeats an item that was there throughout).
func Paginate[T any](op string, sorted []T, opts *ListOptions, cmp func(a, b T) int) ([]T, string, error) {
	size := opts.PageSize
	if size <= 0 {
		size = DefaultPageSize
	}
	size = min(size, MaxPageSize)
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
