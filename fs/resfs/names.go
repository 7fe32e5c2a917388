package resfs

import "strings"

// isScratchName reports whether a file name is one that editors and
// tools use for temporary files, which never reach the provider:
//
//   - hidden names: vim's swap files (.web1.json.swp, .swx, ...), Emacs's
//     lock files (.#web1.json), rsync's temp files (.web1.json.Ab12Cd);
//   - backups: web1.json~ (vim, Emacs, nano), #web1.json# (Emacs);
//   - 4913, the file vim creates to test whether it may write the folder;
//   - *.swp, *.swx, *.tmp, *.bak, and sed -i's sedXXXXXX.
//
// A folder also treats any other name that is not one of its resource
// files as scratch (see resDir).
func isScratchName(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "4913",
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		len(name) == 9 && strings.HasPrefix(name, "sed"):
		return true
	}
	return false
}

// escapeID makes a provider ID usable as a file name: '%' and '/' are
// percent-encoded (an image ID like "projects/debian/images/x").
func escapeID(id string) string {
	if !strings.ContainsAny(id, "%/") {
		return id
	}
	return strings.NewReplacer("%", "%25", "/", "%2F").Replace(id)
}
