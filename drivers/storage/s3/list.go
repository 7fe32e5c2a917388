package s3

import (
	"context"
	"net/url"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/storage/driver"
)

// maxListPage is S3's largest ListObjectsV2 page.
const maxListPage = 1000

// afterPrefix is appended to a folded prefix to make a StartAfter that
// skips everything beneath it: U+10FFFF is the largest code point, so in
// UTF-8 byte order only keys that continue with it would be skipped too.
const afterPrefix = "\U0010FFFF"

// ListObjects implements driver.Driver with one ListObjectsV2 call.
//
// Pages are chained with StartAfter, not S3's continuation tokens: the
// page token is the StartAfter for the next page (the last key listed, or
// a folded prefix followed by afterPrefix), and the driver asks for one
// entry more than it returns to know whether more follow. MinIO ends
// listings early when a page or a continuation token stops at a directory
// marker (a key "d/" equal to a folded prefix): it reports the page as the
// last, or returns an empty one. Over-fetching and StartAfter make that
// case correct on every server, at the cost of one entry per page.
func (d *Driver) ListObjects(ctx context.Context, container string, opts *driver.ListOptions) (*driver.ListPage, error) {
	n := maxListPage - 1
	if opts.PageSize > 0 && opts.PageSize < n {
		n = opts.PageSize
	}
	in := &s3.ListObjectsV2Input{
		Bucket:  aws.String(container),
		MaxKeys: aws.Int32(int32(n + 1)),
	}
	if opts.Prefix != "" {
		in.Prefix = aws.String(opts.Prefix)
	}
	if opts.Delimiter != "" {
		in.Delimiter = aws.String(opts.Delimiter)
	}
	after := opts.PageToken
	if after != "" {
		if !utf8.ValidString(after) {
			return nil, errs.Errorf(errs.InvalidArgument, "", "", "bad page token %q", after)
		}
		in.StartAfter = aws.String(after)
	}
	if d.cfg.listURLEncode {
		in.EncodingType = types.EncodingTypeUrl
	}
	out, err := do(ctx, d, container, d.client.ListObjectsV2, in)
	if err != nil {
		return nil, err
	}
	entries, err := listEntries(out)
	if err != nil {
		return nil, err
	}
	for len(entries) > 0 && after != "" && entries[0].Key <= after {
		entries = entries[1:] // a server that repeats a prefix at StartAfter
	}
	page := &driver.ListPage{Objects: entries}
	if len(entries) > n || (aws.ToBool(out.IsTruncated) && len(entries) > 0) {
		page.Objects = entries[:min(n, len(entries))]
		last := page.Objects[len(page.Objects)-1]
		page.NextPageToken = last.Key
		if last.IsPrefix {
			page.NextPageToken += afterPrefix
		}
	}
	return page, nil
}

// listEntries decodes a ListObjectsV2 page into key order.
func listEntries(out *s3.ListObjectsV2Output) ([]driver.ObjectInfo, error) {
	decode := func(s *string) (string, error) { return aws.ToString(s), nil }
	if out.EncodingType == types.EncodingTypeUrl {
		decode = func(s *string) (string, error) {
			k, err := url.QueryUnescape(aws.ToString(s))
			if err != nil {
				return "", errs.Errorf(errs.Unknown, "", "", "S3 ListObjectsV2: bad url-encoded key %q: %v", aws.ToString(s), err)
			}
			return k, nil
		}
	}
	objs := make([]driver.ObjectInfo, 0, len(out.Contents))
	for _, o := range out.Contents {
		key, err := decode(o.Key)
		if err != nil {
			return nil, err
		}
		objs = append(objs, driver.ObjectInfo{
			Key:     key,
			Size:    aws.ToInt64(o.Size),
			ETag:    cleanETag(aws.ToString(o.ETag)),
			ModTime: aws.ToTime(o.LastModified),
		})
	}
	prefixes := make([]driver.ObjectInfo, 0, len(out.CommonPrefixes))
	for _, p := range out.CommonPrefixes {
		key, err := decode(p.Prefix)
		if err != nil {
			return nil, err
		}
		prefixes = append(prefixes, driver.ObjectInfo{Key: key, IsPrefix: true})
	}
	return mergeByKey(objs, prefixes), nil
}

// mergeByKey merges two key-sorted lists.
func mergeByKey(a, b []driver.ObjectInfo) []driver.ObjectInfo {
	if len(b) == 0 {
		return a
	}
	out := make([]driver.ObjectInfo, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Key <= b[0].Key {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}
