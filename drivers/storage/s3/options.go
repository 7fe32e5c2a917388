package s3

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/cloudfs/cloudfs/drivers/errs"
	"github.com/cloudfs/cloudfs/drivers/params"
)

// S3's limits and the driver's defaults.
const (
	MinPartSize        = 5 << 20  // S3's smallest part (except the last)
	MaxPartSize        = 5 << 30  // S3's largest part
	MaxParts           = 10000    // S3's part-count cap
	MaxObjectSize      = 5 << 40  // S3's largest object
	MaxCopySize        = 5 << 30  // the largest object one CopyObject copies
	DefaultPartSize    = 16 << 20 // option part_size
	DefaultConcurrency = 4        // option upload_concurrency
	maxConcurrency     = 64
)

// config is an account's options, checked and with the provider preset
// applied.
type config struct {
	provider string
	endpoint string // "" lets the SDK resolve AWS's endpoint from the region
	region   string
	// pathStyle: http://host/bucket/key rather than http://bucket.host/key.
	pathStyle bool

	accessKeyID, secretAccessKey, sessionToken string
	profile                                    string

	partSize    int64
	concurrency int
	copyCutoff  int64

	conditionalWrites bool
	listURLEncode     bool
	checksum          checksum
}

// parseConfig reads p's options. Errors are InvalidArgument and name the
// option.
func parseConfig(p params.Params) (config, error) {
	var c config
	var err error
	c.endpoint = strings.TrimSpace(p.String("endpoint", ""))
	c.provider = strings.ToLower(p.String("provider", ""))
	if c.provider == "" {
		c.provider = "aws"
		if c.endpoint != "" {
			c.provider = "other"
		}
	}
	pre, ok := presets[c.provider]
	if !ok {
		return c, badOption(p, "provider", "unknown provider %q (known: %s)", c.provider, providerNames())
	}
	c.region = p.String("region", pre.defaultRegion)
	if c.endpoint == "" && pre.endpoint != nil {
		for _, key := range pre.needs {
			if p.String(key, "") == "" && !(key == "region" && c.region != "") {
				return c, badOption(p, key, "is required for provider %s (or give endpoint)", c.provider)
			}
		}
		c.endpoint = pre.endpoint(c.region, p.String("account_id", ""))
	} else if c.endpoint == "" && len(pre.needs) > 0 {
		return c, badOption(p, pre.needs[0], "is required for provider %s", c.provider)
	}
	if c.endpoint != "" {
		if c.endpoint, err = normalizeEndpoint(c.endpoint); err != nil {
			return c, badOption(p, "endpoint", "%v", err)
		}
	}
	if c.region == "" {
		c.region = "us-east-1"
	}
	if c.pathStyle, err = p.Bool("force_path_style", pre.pathStyle); err != nil {
		return c, err
	}
	if c.conditionalWrites, err = p.Bool("conditional_writes", pre.conditionalWrites); err != nil {
		return c, err
	}
	if c.listURLEncode, err = p.Bool("list_url_encode", pre.listURLEncode); err != nil {
		return c, err
	}
	if c.checksum, err = parseChecksum(p.String("checksum", pre.checksum.String())); err != nil {
		return c, badOption(p, "checksum", "%v", err)
	}

	c.accessKeyID = p.String("access_key_id", "")
	c.secretAccessKey = p.String("secret_access_key", "")
	c.sessionToken = p.String("session_token", "")
	c.profile = p.String("profile", "")
	if (c.accessKeyID == "") != (c.secretAccessKey == "") {
		return c, badOption(p, "secret_access_key", "access_key_id and secret_access_key must be given together")
	}

	if c.partSize, err = p.Size("part_size", DefaultPartSize); err != nil {
		return c, err
	}
	if c.partSize < MinPartSize || c.partSize > MaxPartSize {
		return c, badOption(p, "part_size", "%d is outside S3's %d..%d bytes", c.partSize, MinPartSize, MaxPartSize)
	}
	if c.concurrency, err = p.Int("upload_concurrency", DefaultConcurrency); err != nil {
		return c, err
	}
	if c.concurrency < 1 || c.concurrency > maxConcurrency {
		return c, badOption(p, "upload_concurrency", "%d is outside 1..%d", c.concurrency, maxConcurrency)
	}
	if c.copyCutoff, err = p.Size("copy_cutoff", MaxCopySize); err != nil {
		return c, err
	}
	if c.copyCutoff < MinPartSize || c.copyCutoff > MaxCopySize {
		return c, badOption(p, "copy_cutoff", "%d is outside %d..%d bytes", c.copyCutoff, MinPartSize, MaxCopySize)
	}
	return c, nil
}

// normalizeEndpoint adds https:// to a bare host and checks the URL.
func normalizeEndpoint(e string) (string, error) {
	if !strings.Contains(e, "://") {
		e = "https://" + e
	}
	u, err := url.Parse(e)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("scheme %q: want http or https", u.Scheme)
	}
	if u.Host == "" {
		return "", fmt.Errorf("%q has no host", e)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// badOption is the InvalidArgument error for one option.
func badOption(p params.Params, key, format string, args ...any) error {
	return errs.Errorf(errs.InvalidArgument, "open s3", p.Account, "option %q: "+format, append([]any{key}, args...)...)
}
