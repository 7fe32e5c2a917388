package sync

import (
	"context"
	"encoding/hex"
	"strings"
	"time"
)

// Mode is how a file found on both sides is compared.
type Mode int

// The comparison modes.
const (
	// SizeMtime (the default) decides from the listings alone: the
	// destination is up to date when the sizes match and its ModTime is no
	// older than the source's (within Options.ModifyWindow).
	SizeMtime Mode = iota
	// Checksum compares content hashes where both sides know one, and falls
	// back to SizeMtime where they share none.
	Checksum
	// SizeOnly compares sizes alone.
	SizeOnly
)

func (m Mode) String() string {
	switch m {
	case Checksum:
		return "checksum"
	case SizeOnly:
		return "size-only"
	}
	return "size-mtime"
}

// verdict is the outcome of comparing two listings.
type verdict int

const (
	same     verdict = iota // nothing to do
	differ                  // copy
	needHash                // compare content hashes
)

// compareListings decides what it can from two listing entries.
//
// The mtime rule is "the destination is at least as new as the source".
// After cloudfs copies a file, the destination's listing shows either the
// mtime it was given (the source's, kept in metadata by drivers whose
// listings carry it, and set with chtimes on local files) or, on S3, the
// object's LastModified, which is later than the source's mtime because the
// object was written after the file last changed. Either way the rule holds
// without a HEAD; and a file changed later gets a newer mtime, so it is
// copied again even when its size did not change.
func compareListings(mode Mode, window time.Duration, src, dst Entry) (verdict, string) {
	if src.Size != dst.Size {
		return differ, "size differs"
	}
	switch mode {
	case SizeOnly:
		return same, ""
	case Checksum:
		return needHash, ""
	}
	if src.ModTime.After(dst.ModTime.Add(window)) {
		return differ, "source is newer"
	}
	return same, ""
}

// hashesEqual compares the strongest digest both sides know. known is false
// when they share none.
func hashesEqual(a, b Hashes) (equal, known bool) {
	switch {
	case a.SHA256 != "" && b.SHA256 != "":
		return a.SHA256 == b.SHA256, true
	case a.MD5 != "" && b.MD5 != "":
		return a.MD5 == b.MD5, true
	}
	return false, false
}

// compareHashes is the --checksum decision for a pair of the same size:
// first from what costs nothing more (a local hash against a listing's MD5
// ETag), then, unless that already proved them equal, from stored hashes
// (a Stat for the sha256 metadata). Without a common hash the size and
// mtime rule decides.
func compareHashes(ctx context.Context, src, dst Side, s, d Entry, window time.Duration) (verdict, string, Hashes, error) {
	sh, err := src.Hashes(ctx, s, true)
	if err != nil {
		return differ, "", sh, err
	}
	dh, err := dst.Hashes(ctx, d, true)
	if err != nil {
		return differ, "", sh, err
	}
	if eq, ok := hashesEqual(sh, dh); ok && eq {
		return same, "", sh, nil
	}
	if !sh.Complete {
		if sh, err = src.Hashes(ctx, s, false); err != nil {
			return differ, "", sh, err
		}
	}
	if !dh.Complete {
		if dh, err = dst.Hashes(ctx, d, false); err != nil {
			return differ, "", sh, err
		}
	}
	if eq, ok := hashesEqual(sh, dh); ok {
		if eq {
			return same, "", sh, nil
		}
		return differ, "checksum differs", sh, nil
	}
	v, why := compareListings(SizeMtime, window, s, d)
	return v, why, sh, nil
}

// etagMD5 returns the ETag if it has the shape of an MD5 digest (a
// single-part upload on S3 and most providers), else "".
func etagMD5(etag string) string {
	etag = strings.ToLower(strings.Trim(etag, `"`))
	if len(etag) != 32 {
		return ""
	}
	if _, err := hex.DecodeString(etag); err != nil {
		return ""
	}
	return etag
}
