package vfs

// StatFS is what statfs(2) reports. Object storage has no fixed size, so
// the mount reports 1 PiB total and free (as rclone does for providers
// without a quota), so that df and installers that check free space
// proceed.
type StatFS struct {
	Bsize                 uint32
	Blocks, Bfree, Bavail uint64
	Files, Ffree          uint64
	NameLen               uint32
}

// Statfs reports the filesystem's (nominal) capacity.
func (v *VFS) Statfs() StatFS {
	const bsize = 4096
	const total = 1 << 50
	return StatFS{
		Bsize: bsize, Blocks: total / bsize, Bfree: total / bsize, Bavail: total / bsize,
		Files: 1 << 30, Ffree: 1 << 30, NameLen: 255,
	}
}
