package s3

// Part sizing. S3 allows at most MaxParts parts of at most MaxPartSize
// each. When the object's size is known (WriterOptions.SizeHint), the part
// size is raised just enough for it to fit in MaxParts parts. When it is
// not, parts double in size every partsPerTier parts, as rclone and
// gcsfuse do: at the default 16 MiB, the first 1,000 parts carry 15.6 GiB
// and the 10,000 parts together well over S3's 5 TiB object limit. Memory
// grows with them: (Concurrency + 1) × the current part size.

const (
	partsPerTier = 1000
	mib          = 1 << 20
)

// basePartSize is the size of the first parts: the configured size, raised
// (to a whole MiB) so that hint bytes fit in MaxParts parts.
func basePartSize(configured, hint int64) int64 {
	size := configured
	if hint > 0 {
		need := (hint + MaxParts - 1) / MaxParts
		need = (need + mib - 1) / mib * mib
		size = max(size, need)
	}
	return min(max(size, MinPartSize), MaxPartSize)
}

// partSize is the size of part n (1-based) for a base size.
func partSize(base int64, n int) int64 {
	tier := (n - 1) / partsPerTier
	if tier > 20 || base<<tier > MaxPartSize {
		return MaxPartSize
	}
	return base << tier
}
