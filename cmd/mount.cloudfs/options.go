package main

import (
	"fmt"
	"strings"
)

// flagFor maps a -o option (with a value, "name=value") to a `cloudfs
// mount` flag.
var flagFor = map[string]string{
	"uid": "--uid", "gid": "--gid", "umask": "--umask",
	"attr_timeout": "--attr-timeout", "dir_cache_time": "--dir-cache-time", "meta_delay": "--meta-delay", "temp_hold": "--temp-hold",
	"cache_dir": "--cache-dir", "cache_max_size": "--cache-max-size",
	"stream_spill_max": "--stream-spill-max", "part_size": "--part-size",
	"concurrency": "--concurrency", "read_ahead_max": "--read-ahead-max",
	"read_ahead_total": "--read-ahead-total", "log_file": "--log-file",
	"log_level": "--log-level", "config": "--config",
}

// switchFor maps a bare -o option to a flag.
var switchFor = map[string]string{
	"ro": "--read-only", "allow_other": "--allow-other", "fuse_debug": "--fuse-debug", "direct_io": "--direct-io", "write_back": "--write-back",
}

// ignored are the generic mount options that mount(8) handles itself or
// that mean nothing to a FUSE mount.
var ignored = map[string]bool{
	"rw": true, "defaults": true, "auto": true, "noauto": true, "user": true, "users": true,
	"nouser": true, "owner": true, "_netdev": true, "nofail": true, "dev": true, "nodev": true,
	"suid": true, "nosuid": true, "exec": true, "noexec": true, "atime": true, "noatime": true,
	"relatime": true, "norelatime": true, "strictatime": true, "nodiratime": true,
	"async": true, "sync": true, "default_permissions": true,
}

// translate turns mount.cloudfs's arguments into cloudfs's.
func translate(argv []string) ([]string, error) {
	var pos, opts []string
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "-o" && i+1 < len(argv):
			i++
			opts = append(opts, strings.Split(argv[i], ",")...)
		case strings.HasPrefix(a, "-o") && len(a) > 2:
			opts = append(opts, strings.Split(a[2:], ",")...)
		case a == "-t" || a == "-N":
			i++ // type and namespace: not ours to use
		case a == "-s" || a == "-f" || a == "-n" || a == "-v" || a == "-i":
			// sloppy, fake, no-mtab, verbose, no-helper: nothing to do
		case strings.HasPrefix(a, "-"):
			return nil, fmt.Errorf("unknown argument %q", a)
		default:
			pos = append(pos, a)
		}
	}
	if len(pos) != 2 {
		return nil, fmt.Errorf("usage: mount.cloudfs SOURCE MOUNTPOINT [-o OPTIONS] (got %d arguments)", len(pos))
	}
	source, mountpoint := pos[0], pos[1]
	var global, flags []string
	if source != "cloudfs" && source != "default" && source != "none" {
		global = append(global, "--config", source)
	}
	for _, o := range opts {
		f, err := optionFlag(o)
		if err != nil {
			return nil, err
		}
		if len(f) > 0 && (f[0] == "--config" || f[0] == "--log-level") {
			global = append(global, f...)
		} else {
			flags = append(flags, f...)
		}
	}
	out := append(global, "mount", "--daemon")
	out = append(out, flags...)
	return append(out, mountpoint), nil
}

// optionFlag translates one -o option.
func optionFlag(o string) ([]string, error) {
	name, val, hasVal := strings.Cut(strings.TrimSpace(o), "=")
	switch {
	case name == "" || ignored[name] || strings.HasPrefix(name, "x-") || name == "comment":
		return nil, nil
	case !hasVal && switchFor[name] != "":
		return []string{switchFor[name]}, nil
	case hasVal && flagFor[name] != "":
		return []string{flagFor[name], val}, nil
	}
	return nil, fmt.Errorf("unknown option %q", o)
}
