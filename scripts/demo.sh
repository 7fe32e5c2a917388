#!/usr/bin/env bash
# The tour `make demo` runs (after `make build`): the CLI on the embedded
# default config, whose accounts need no cloud. Config and data go to a
# throwaway directory, so it never touches your own ~/.config/cloudfs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/${CLOUDFS_BIN_PATH:-bin/cloudfs}"
[ -x "$bin" ] || { echo "demo: $bin is missing: run make build first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
unset CLOUDFS_CONFIG CLOUDFS_DEBUG

step() {
  printf '\n\033[1m$ cloudfs %s\033[0m\n' "$*"
  "$bin" "$@"
}

step version
step accounts   # the embedded default: no config file needed
step drivers

mkdir -p "$tmp/photos/2024"
echo "hello from cloudfs" >"$tmp/hello.txt"
printf 'jpeg bytes %s\n' 1 >"$tmp/photos/2024/beach.jpg"
printf 'jpeg bytes %s\n' 2 >"$tmp/photos/2024/hills.jpg"
touch -d '2024-06-01 12:00:00' "$tmp/hello.txt"

step ls local:                                      # containers: "demo" is made on first use
step mkdir local:scratch
step cp "$tmp/hello.txt" local:demo/notes/hello.txt # upload keeps the mtime and content type
step ls -l local:demo/notes                         # size, mtime, key
step cat local:demo/notes/hello.txt
step cp local:demo/notes/hello.txt local:demo/notes/copy.txt   # server-side copy
step cp -r "$tmp/photos" local:demo                 # a whole tree
step mkdir local:demo/empty/                        # a directory marker
step ls local:demo                                  # one level: prefixes end in "/"
step ls -R local:demo                               # everything
step cp -r local:demo "$tmp/download"               # and back, atomically per file
(cd "$tmp/download" && find . -type f | sort)
step rm -r local:demo/photos
step rmdir local:scratch

# Compute: a simulated cloud with a built-in catalogue.
step compute sizes lab
step compute locations lab --json
step lb balancers lab-lb                           # in-memory balancers: none yet in a fresh process

# DNS: the "zones" account serves BIND zone files from a directory.
zones="$XDG_DATA_HOME/cloudfs/zones"
mkdir -p "$zones"
cat >"$zones/example.com.zone" <<'ZONE'
$ORIGIN example.com.
$TTL 3600
@    IN SOA ns1.example.com. hostmaster.example.com. 2024060101 3600 900 1209600 300
@    IN NS  ns1.example.com.
ns1  IN A   192.0.2.53
www  IN A   192.0.2.10
ZONE
step dns zones zones
step dns records zones example.com
sed -e 's/192.0.2.10/192.0.2.20/' "$zones/example.com.zone" >"$tmp/edited.zone"
echo 'api 300 IN CNAME www' >>"$tmp/edited.zone"
step dns import --dry-run zones example.com "$tmp/edited.zone"   # the plan, nothing changed
step dns import zones example.com "$tmp/edited.zone"
step dns export zones example.com

# The mount: beside storage/, compute/, dns/ and lb/ show resources as
# files (docs/SEMANTICS.md, "Resource files"). Added by fs/resfs.
mnt="$tmp/mnt"
mkdir -p "$mnt"
"$bin" mount --daemon "$mnt"
trap '"$bin" unmount --lazy "$mnt" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
sh_step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; (cd "$mnt" && eval "$*"); }
# storage/<account>/<container>/<key>: objects as files (fs/vfs, fs/fusefs).
sh_step ls -l storage/local/demo/notes       # one listing, no request per file
sh_step "cp '$tmp/hello.txt' storage/local/demo/notes/mounted.txt   # streams to the provider, whole at close"
sh_step cat storage/local/demo/notes/mounted.txt
sh_step "$bin" ls -l local:demo/notes         # the CLI sees the object the mount wrote
sh_step ls compute/lab lb/lab-lb dns/zones
sh_step cat compute/lab/sizes/small.json
sh_step "echo '{\"size\": \"small\", \"image\": \"debian-12\"}' > compute/lab/nodes/web1.json   # creates the node at close"
sh_step cat compute/lab/nodes/web1.json
sh_step "echo '{\"port\": 80, \"protocol\": \"http\", \"members\": [{\"ip\": \"10.0.0.1\", \"port\": 8080}]}' > lb/lab-lb/balancers/front.json"
sh_step cat lb/lab-lb/balancers/front.json lb/lab-lb/algorithms
sh_step "sed -i 's/192.0.2.20/192.0.2.30/' dns/zones/example.com/records   # applies exactly that change"
sh_step cat dns/zones/example.com/records dns/zones/example.com/zone.json
sh_step "echo '{\"size\": \"huge\", \"image\": \"debian-12\"}' | tee compute/lab/nodes/web2.json >/dev/null || cat compute/lab/.errors   # EINVAL at close, and why"
"$bin" unmount "$mnt"

printf '\n\033[1m$ cloudfs ls local:nope\033[0m   # errors are one line, exit status 1\n'
if "$bin" ls local:nope; then
  echo "demo: expected an error" >&2
  exit 1
fi
echo
echo "demo done: everything ran against the embedded default under $tmp (now removed)."
