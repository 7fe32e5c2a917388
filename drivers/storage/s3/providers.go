package s3

import (
	"sort"
	"strings"
)

// preset is what a provider name implies. Options given explicitly win.
type preset struct {
	// endpoint builds the endpoint URL from the region and account id; nil
	// means the SDK resolves it (AWS) or the user must give one.
	endpoint func(region, accountID string) string
	// needs lists the options endpoint needs.
	needs         []string
	defaultRegion string
	pathStyle     bool // path-style addressing unless force_path_style says otherwise
	// conditionalWrites: PutObject and CompleteMultipartUpload honour
	// If-Match and If-None-Match.
	conditionalWrites bool
	// listURLEncode: ask ListObjectsV2 for url-encoded keys (safer for
	// keys with control characters). Keys are decoded only when the
	// response says it is encoded, so a provider that ignores it is fine.
	listURLEncode bool
	// checksum: what proves each upload's bytes (checksum.go); CRC32C
	// where the provider is known to take flexible checksums.
	checksum checksum
}

// presets maps the provider option to its preset. "other" is any
// S3-compatible server at a given endpoint.
var presets = map[string]preset{
	"aws": {
		defaultRegion:     "us-east-1",
		conditionalWrites: true,
		listURLEncode:     true,
		checksum:          checksumCRC32C,
	},
	"minio": {
		needs:             []string{"endpoint"},
		defaultRegion:     "us-east-1",
		pathStyle:         true,
		conditionalWrites: true,
		listURLEncode:     true,
		checksum:          checksumCRC32C,
	},
	"ceph": {
		needs:         []string{"endpoint"},
		defaultRegion: "us-east-1",
		pathStyle:     true,
		listURLEncode: true,
	},
	"r2": {
		endpoint: func(_, id string) string {
			return "https://" + id + ".r2.cloudflarestorage.com"
		},
		needs:             []string{"account_id"},
		defaultRegion:     "auto",
		pathStyle:         true,
		conditionalWrites: true,
	},
	"digitalocean": {
		endpoint: func(region, _ string) string {
			return "https://" + region + ".digitaloceanspaces.com"
		},
		needs: []string{"region"},
	},
	"wasabi": {
		endpoint: func(region, _ string) string {
			return "https://s3." + region + ".wasabisys.com"
		},
		defaultRegion: "us-east-1",
		listURLEncode: true,
	},
	"b2": {
		endpoint: func(region, _ string) string {
			return "https://s3." + region + ".backblazeb2.com"
		},
		needs: []string{"region"},
	},
	"scaleway": {
		endpoint: func(region, _ string) string {
			return "https://s3." + region + ".scw.cloud"
		},
		defaultRegion: "fr-par",
		listURLEncode: true,
	},
	"other": {
		needs:         []string{"endpoint"},
		defaultRegion: "us-east-1",
		pathStyle:     true,
	},
}

// providerNames lists the presets for error messages.
func providerNames() string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
