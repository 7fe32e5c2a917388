#!/usr/bin/env bash
# Times `cloudfs sync` against rclone (Debian's) on one MinIO on loopback,
# in the same run, with the same --transfers: RUNS runs of each (default
# 3), each to a fresh prefix, medians, and the ratios:
#
#   - first push of 10,000 x 4 KiB files (cloudfs sync vs rclone copy);
#   - first push of 20 x 50 MiB files (cloudfs sync vs rclone copy);
#   - no-op re-run on the 10,000 files (cloudfs sync vs rclone sync);
#   - watch latency, from a file's close to its object being readable
#     (cloudfs sync --watch at the default debounce; rclone has no watch).
#
#   bench/sync.sh                         # the full benchmark
#   SMALL=500 BIG=2 RUNS=1 NOWAIT=1 bench/sync.sh   # a quick check
#
# It waits for a quiet machine first (load below 1.5 and no go build):
# MinIO's own CPU is a large part of every figure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/scripts/lib.sh"
. "$here/lib.sh"

RUNS=${RUNS:-3}
SMALL=${SMALL:-10000}       # files of 4 KiB
BIG=${BIG:-20}              # files of 50 MiB
TRANSFERS=${TRANSFERS:-4}
WATCH_FILES=${WATCH_FILES:-200}

"$root/scripts/install-minio.sh" >/dev/null
apt_install rclone time
RCLONE=/usr/bin/rclone GTIME=/usr/bin/time


work=$(mktemp -d /tmp/cloudfs-syncbench.XXXXXX)
minio_pid=""
cleanup() {
  stop_minio
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/cloudfs" "$root/cmd/cloudfs"
go build -o "$work/syncwatch" "$root/bench/syncwatch"

user=cloudfs-bench pass=cloudfs-bench-secret
start_minio "$user" "$pass"

cat >"$work/cloudfs.toml" <<TOML
[accounts.m]
kind = "storage"
driver = "s3"
provider = "minio"
endpoint = "$endpoint"
region = "us-east-1"
access_key_id = "$user"
secret_access_key = "$pass"
containers = ["bench"]
TOML
chmod 600 "$work/cloudfs.toml"
CF=("$work/cloudfs" --config "$work/cloudfs.toml")
set_rclone_env "$user" "$pass"
RC=("${rclone_env[@]}" "$RCLONE" --transfers "$TRANSFERS")
"${CF[@]}" mkdir m:bench >/dev/null 2>&1 || true

# The trees: SMALL files of 4 KiB in 100 directories; BIG files of 50 MiB.
mkdir -p "$work/small" "$work/big"
python3 - "$work/small" "$SMALL" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "d%02d" % (i % 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d" % i), "wb") as f:
        f.write(os.urandom(4096))
PY
for i in $(seq 1 "$BIG"); do head -c $((50 << 20)) /dev/urandom >"$work/big/b$i"; done

# measure LABEL CMD...: appends the wall time of CMD to $work/LABEL.
measure() {
  local label=$1; shift
  sync
  "$GTIME" -f '%e' -o "$work/time.out" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; exit 1; }
  cat "$work/time.out" >>"$work/$label"
}

[ "${NOWAIT:-}" = 1 ] || wait_quiet   # NOWAIT=1 for a quick functional check
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$RUNS"); do
  measure cf-small "${CF[@]}" sync -q --transfers "$TRANSFERS" "$work/small" "m:bench/cf-small-$i"
  measure rc-small "${RC[@]}" copy "$work/small" "m:bench/rc-small-$i"
  measure cf-noop "${CF[@]}" sync -q --transfers "$TRANSFERS" "$work/small" "m:bench/cf-small-$i"
  measure rc-noop "${RC[@]}" sync "$work/small" "m:bench/rc-small-$i"
  measure cf-big "${CF[@]}" sync -q --transfers "$TRANSFERS" "$work/big" "m:bench/cf-big-$i"
  measure rc-big "${RC[@]}" copy "$work/big" "m:bench/rc-big-$i"
  "$work/syncwatch" -cloudfs "$work/cloudfs" -config "$work/cloudfs.toml" -dst "m:bench/watch-$i" -n "$WATCH_FILES" >>"$work/watch"
done
# Every copy arrived whole: the same listing (sizes) on both tools' sides.
for i in $(seq 1 "$RUNS"); do
  [ "$("${CF[@]}" ls -R "m:bench/cf-small-$i/" | wc -l)" -ge "$SMALL" ] || { echo "cloudfs small copy incomplete" >&2; exit 1; }
done

median() { sort -n "$1" | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
wmedian() { python3 -c 'import json,sys; v=sorted(json.loads(l)[sys.argv[2]] for l in open(sys.argv[1])); print(v[(len(v)-1)//2])' "$work/watch" "$1"; }
row() { # LABEL CF RC
  local cf rc
  cf=$(median "$work/$2") rc=$(median "$work/$3")
  echo "| $1 | $cf s | $rc s | $(awk "BEGIN{printf \"%.1f×\", $rc/$cf}") |"
}
echo "| Work (--transfers $TRANSFERS) | cloudfs sync | rclone | rclone ÷ cloudfs |"
echo "|---|---|---|---|"
row "first push, $SMALL × 4 KiB (rclone copy)" cf-small rc-small
row "first push, $BIG × 50 MiB (rclone copy)" cf-big rc-big
row "no-op re-run, $SMALL files (rclone sync)" cf-noop rc-noop
echo "| watch latency, close to readable, $WATCH_FILES files, debounce 500ms | p50 $(wmedian p50_ms) ms, p99 $(wmedian p99_ms) ms | – | – |"
echo
echo "$RUNS runs, median; MinIO $(cat "$CLOUDFS_BIN/.minio.version"), $("$RCLONE" version | head -1); load at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)."
for f in cf-small rc-small cf-noop rc-noop cf-big rc-big; do echo "raw $f: $(tr '\n' ' ' <"$work/$f")"; done
echo "raw watch: $(tr '\n' ' ' <"$work/watch")"
