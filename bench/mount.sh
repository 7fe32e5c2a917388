#!/usr/bin/env bash
# The mount benchmarks of docs/BENCHMARKS.md ("Mount"): cloudfs mount
# against rclone mount (--vfs-cache-mode off and writes) and s3fs, with the
# S3 driver itself as the limit, on one MinIO on loopback, in one run.
# Each figure is the median of RUNS runs (default 3), tools interleaved,
# every run on a fresh mount (cold caches) and a fresh object or prefix;
# each kind of work has its own phase, cloudfs and the raw driver run
# back to back, taking turns going first, and each round starts from the
# same state (fresh_round below):
#
#   read    dd if=<mnt>/big of=/dev/null bs=1M      (1 GiB object)
#   write   cp <1 GiB local file> <mnt>/...         until durable; peak RSS of the mount
#   ls      ls -l <mnt>/<10,000-object prefix>      fresh mount
#   rsync   rsync -a <1,000 x 4 KiB>/ <mnt>/...     until durable
#
#   bench/mount.sh                          # as documented
#   SIZE_MB=256 NLS=2000 NRSYNC=200 RUNS=1 NOWAIT=1 bench/mount.sh   # a quick check
#   ONLY="ls rsync" TOOLS="cloudfs s3fs" bench/mount.sh             # some of it (missing figures print as -)
#   ONLY=read TOOLS="cloudfs cloudfs-dio raw" bench/mount.sh         # also cloudfs mount --direct-io (not in the default TOOLS)
#   ONLY=rsync TOOLS="cloudfs cloudfs-wb rclone-writes" bench/mount.sh  # also cloudfs mount --write-back
#
# "Until durable": the clock stops when the object (or all of the rsync'ed
# objects) can be read back from MinIO, which matters for rclone's writes
# mode (it uploads after closing, 5 s later). MB means 10^6 bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/scripts/lib.sh"
. "$here/lib.sh"

SIZE_MB=${SIZE_MB:-1024}
NLS=${NLS:-10000}
NRSYNC=${NRSYNC:-1000}
RUNS=${RUNS:-3}
ONLY=${ONLY:-read write ls rsync}
TOOLS=${TOOLS:-cloudfs rclone-off rclone-writes s3fs raw}
want() { [[ " $ONLY " == *" $1 "* ]] && [[ " $TOOLS " == *" $2 "* ]]; }
size=$((SIZE_MB * 1024 * 1024))

"$root/scripts/install-minio.sh" >/dev/null
apt_install fuse3 rsync rclone s3fs time
RCLONE=/usr/bin/rclone S3FS=/usr/bin/s3fs GTIME=/usr/bin/time


work=$(mktemp -d /tmp/cloudfs-mountbench.XXXXXX)
mnt="$work/mnt"
mkdir -p "$mnt"
minio_pid="" mount_pid=""
cleanup() {
  if grep -q " $mnt " /proc/self/mountinfo 2>/dev/null; then fusermount3 -uz "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true; fi
  [ -n "$mount_pid" ] && kill "$mount_pid" 2>/dev/null && wait "$mount_pid" 2>/dev/null
  stop_minio
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd "$root" && make -s build >/dev/null)
CLOUDFS="$root/bin/cloudfs"
go build -o "$work/s3bench" "$root/bench/s3bench"
go build -o "$work/mountbench" "$root/bench/mountbench"

export AWS_ACCESS_KEY_ID=cloudfs-bench AWS_SECRET_ACCESS_KEY=cloudfs-bench-secret AWS_DEFAULT_REGION=us-east-1
start_minio "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"

bucket=bench
mb() { "$work/mountbench" -endpoint "$endpoint" -bucket "$bucket" "$@"; }
mb mkbucket

cat >"$work/cloudfs.toml" <<EOF
[accounts.minio]
kind = "storage"
driver = "s3"
provider = "minio"
endpoint = "$endpoint"
region = "us-east-1"
access_key_id = "$AWS_ACCESS_KEY_ID"
secret_access_key = "$AWS_SECRET_ACCESS_KEY"
EOF
set_rclone_env "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"
echo "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" >"$work/s3fs.passwd"
chmod 600 "$work/s3fs.passwd"

# do_mount TOOL: mounts the bucket at $mnt in the background under GNU time
# (peak RSS to $work/rss) and sets $dir, where the bucket's objects are.
do_mount() {
  local tool=$1
  rm -f "$work/rss"
  case $tool in
    cloudfs|cloudfs-dio|cloudfs-wb)
      "$GTIME" -f '%M' -o "$work/rss" "$CLOUDFS" --config "$work/cloudfs.toml" mount --cache-dir "$work/cache" \
        $([ $tool = cloudfs-dio ] && echo --direct-io) $([ $tool = cloudfs-wb ] && echo --write-back) "$mnt" \
        >>"$work/mount.log" 2>&1 &
      dir="$mnt/storage/minio/$bucket" ;;
    rclone-off|rclone-writes)
      "${rclone_env[@]}" "$GTIME" -f '%M' -o "$work/rss" "$RCLONE" mount "m:$bucket" "$mnt" \
        --vfs-cache-mode "${tool#rclone-}" --cache-dir "$work/rclone-cache" >>"$work/mount.log" 2>&1 &
      dir="$mnt" ;;
    s3fs)
      "$GTIME" -f '%M' -o "$work/rss" "$S3FS" "$bucket" "$mnt" -f -o "passwd_file=$work/s3fs.passwd,url=$endpoint,use_path_request_style" \
        >>"$work/mount.log" 2>&1 &
      dir="$mnt" ;;
  esac
  mount_pid=$!
  for _ in $(seq 1 600); do
    grep -q " $mnt " /proc/self/mountinfo && [ -d "$dir" ] && return 0
    sleep 0.05
  done
  echo "$tool did not mount:" >&2; tail -20 "$work/mount.log" >&2; exit 1
}

# do_unmount: unmounts and waits for the mount process; leaves its peak
# RSS (KiB) in $rss.
do_unmount() {
  for _ in $(seq 1 100); do
    fusermount3 -u "$mnt" 2>/dev/null && break
    sleep 0.1
  done
  wait "$mount_pid" || true
  mount_pid=""
  rss=$(tail -1 "$work/rss" 2>/dev/null || echo 0)
}

now() { date +%s.%N; }
# record FILE START [RSS]: appends the seconds since START (and the RSS).
record() { echo "$(since "$2") ${3:-0}" >>"$work/$1"; }
since() { awk "BEGIN{printf \"%.3f\", $(now) - $1}"; }

echo "preparing: a $SIZE_MB MiB object, $NLS small objects, $NRSYNC x 4 KiB local files" >&2
if [[ "$ONLY" == *read* || "$ONLY" == *write* ]]; then
  head -c "$size" /dev/urandom >"$work/src"
  "$work/s3bench" -endpoint "$endpoint" -bucket "$bucket" -key big -put "$work/src" >/dev/null
fi
[[ "$ONLY" != *ls* ]] || mb populate ls/ "$NLS" 100
mkdir -p "$work/rs"
for i in $(seq 1 "$NRSYNC"); do head -c 4096 /dev/urandom >"$work/rs/f$i"; done

[ "${NOWAIT:-}" = 1 ] || wait_quiet
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# fresh_round: what a round leaves behind goes before the next, so every
# round starts alike: the objects it wrote, rclone's cache and, where we
# may (root), the page cache, which then holds again just what a round
# starts with (MinIO's files and the source file). Left alone, 20 GiB of
# writes fill the page cache within a full run, and from there on every
# write costs MinIO 50-70 % more CPU (reclaim), whichever tool makes it.
fresh_round() {
  mb delete raw/ w- rs-
  rm -rf "$work/rclone-cache"
  sync
  if [ "${DROP_CACHES:-1}" = 1 ] && [ -w /proc/sys/vm/drop_caches ]; then
    echo 1 >/proc/sys/vm/drop_caches
    find "$work/minio" -type f -exec cat {} + >/dev/null 2>&1 || true # MinIO may remove its own files meanwhile
    [ ! -e "$work/src" ] || cat "$work/src" >/dev/null
  fi
}
# Each kind of work runs in its own phase, all its rounds together:
# interleaving them would measure each read after the last round's 5 GiB
# of writes, on a machine still paying for them (docs/BENCHMARKS.md,
# session 4). Within a phase, cloudfs and the raw driver, its limit, run
# back to back and take turns going first (raw in odd rounds), so that
# the drift within a round falls on both alike.
pair_for() { if (($1 % 2)); then echo raw cloudfs; else echo cloudfs raw; fi; }

read_round() {
  local i=$1 tool
  for tool in $(pair_for "$i") cloudfs-dio rclone-off s3fs; do
    want read $tool || continue
    sync
    if [ $tool = raw ]; then
      t=$(now); "$work/s3bench" -endpoint "$endpoint" -bucket "$bucket" -key big -get /dev/null >/dev/null; record raw-read "$t"
      continue
    fi
    do_mount $tool
    t=$(now); dd if="$dir/big" of=/dev/null bs=1M status=none; record "$tool-read" "$t"
    do_unmount
  done
}

write_round() {
  local i=$1 tool
  for tool in $(pair_for "$i") cloudfs-dio rclone-off rclone-writes s3fs; do
    want write $tool || continue
    sync
    if [ $tool = raw ]; then
      t=$(now); "$work/s3bench" -endpoint "$endpoint" -bucket "$bucket" -key "raw/w$i" -put "$work/src" >/dev/null; record raw-write "$t"
      continue
    fi
    do_mount $tool
    # the clock stops once the object is durable, before the unmount
    t=$(now); cp "$work/src" "$dir/w-$tool-$i"; mb wait-size "w-$tool-$i" "$size"; e=$(since "$t")
    do_unmount; echo "$e $rss" >>"$work/$tool-write"
  done
}

ls_round() {
  local tool
  for tool in cloudfs rclone-off s3fs; do
    want ls $tool || continue
    do_mount $tool
    t=$(now); n=$(ls -l "$dir/ls" | wc -l); record "$tool-ls" "$t"
    [ "$n" -eq $((NLS + 1)) ] || { echo "$tool: ls -l listed $((n - 1)) objects, not $NLS" >&2; exit 1; }
    do_unmount
  done
}

rsync_round() {
  local i=$1 tool
  for tool in cloudfs cloudfs-wb rclone-off rclone-writes s3fs; do
    want rsync $tool || continue
    do_mount $tool
    t=$(now); rsync -a "$work/rs/" "$dir/rs-$tool-$i/"; mb wait-count "rs-$tool-$i/" "$NRSYNC"; e=$(since "$t")
    do_unmount; echo "$e 0" >>"$work/$tool-rsync"
  done
}

for phase in read write ls rsync; do
  [[ " $ONLY " == *" $phase "* ]] || continue
  for i in $(seq 1 "$RUNS"); do
    fresh_round
    echo "$phase: round $i of $RUNS" >&2
    "${phase}_round" "$i"
  done
done

# median FILE COLUMN
median() { [ -s "$work/$1" ] || { echo -; return; }; cut -d' ' -f"$2" "$work/$1" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
mbps() { [ -s "$work/$1" ] || { echo -; return; }; awk "BEGIN{printf \"%.0f\", $size/1e6/$(median "$1" 1)}"; }
rss() { m=$(median "$1" 2); [ "$m" = - ] && echo - || awk "BEGIN{printf \"%.0f\", $m/1024}"; }
ratio() { case "$1$2" in *-*) echo -; return ;; esac; awk "BEGIN{printf \"%.2f\", $1/$2}"; }

echo
echo "| Work | cloudfs | rclone (off) | rclone (writes) | s3fs | raw S3 driver |"
echo "|---|---|---|---|---|---|"
echo "| \`dd\` read of $SIZE_MB MiB, MB/s | $(mbps cloudfs-read) | $(mbps rclone-off-read) | – | $(mbps s3fs-read) | $(mbps raw-read) (one GET stream) |"
echo "| \`cp\` of $SIZE_MB MiB until durable, MB/s | $(mbps cloudfs-write) | $(mbps rclone-off-write) | $(mbps rclone-writes-write) | $(mbps s3fs-write) | $(mbps raw-write) (multipart PUT) |"
echo "| peak RSS of the mount during the cp, MiB | $(rss cloudfs-write) | $(rss rclone-off-write) | $(rss rclone-writes-write) | $(rss s3fs-write) | – |"
echo "| \`ls -l\` of $NLS objects, fresh mount, s | $(median cloudfs-ls 1) | $(median rclone-off-ls 1) | – | $(median s3fs-ls 1) | – |"
echo "| \`rsync -a\` of $NRSYNC x 4 KiB until durable, s | $(median cloudfs-rsync 1) | $(median rclone-off-rsync 1) | $(median rclone-writes-rsync 1) | $(median s3fs-rsync 1) | – |"
echo
echo "Ratios: read $(ratio "$(mbps cloudfs-read)" "$(mbps raw-read)") of the raw GET;" \
  "write $(ratio "$(mbps cloudfs-write)" "$(mbps raw-write)") of the raw multipart PUT;" \
  "ls -l $(ratio "$(median s3fs-ls 1)" "$(median cloudfs-ls 1)")x faster than s3fs and $(ratio "$(median rclone-off-ls 1)" "$(median cloudfs-ls 1)")x than rclone;" \
  "rsync $(ratio "$(median rclone-writes-rsync 1)" "$(median cloudfs-rsync 1)")x faster than rclone's writes mode and $(ratio "$(median s3fs-rsync 1)" "$(median cloudfs-rsync 1)")x than s3fs."
if [ -s "$work/cloudfs-wb-rsync" ]; then
  echo
  echo "cloudfs mount --write-back: rsync $(median cloudfs-wb-rsync 1) s, $(ratio "$(median rclone-writes-rsync 1)" "$(median cloudfs-wb-rsync 1)")x faster than rclone's writes mode."
fi
if [ -s "$work/cloudfs-dio-read" ] || [ -s "$work/cloudfs-dio-write" ]; then
  echo
  echo "cloudfs mount --direct-io: read $(mbps cloudfs-dio-read) MB/s ($(ratio "$(mbps cloudfs-dio-read)" "$(mbps raw-read)") of the raw GET)," \
    "cp $(mbps cloudfs-dio-write) MB/s ($(ratio "$(mbps cloudfs-dio-write)" "$(mbps raw-write)") of the raw PUT)."
fi
echo
echo "$RUNS runs, median; MinIO $(cat "$CLOUDFS_BIN/.minio.version" 2>/dev/null), $("$RCLONE" version | head -1), s3fs $("$S3FS" --version 2>&1 | head -1 | awk '{print $NF}'); load at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)."
for f in "$work"/*-read "$work"/*-write "$work"/*-ls "$work"/*-rsync; do [ -e "$f" ] || continue; echo "raw $(basename "$f"): $(tr '\n' ';' <"$f")"; done
