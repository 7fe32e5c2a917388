#!/usr/bin/env bash
# Times a 1 GiB upload and download through the S3 driver (bench/s3bench),
# the AWS CLI (`aws s3 cp`) and rclone (`rclone copy`) against one MinIO
# on loopback, in the same run: RUNS runs of each (default 3), each on a
# fresh object, and prints the median throughput in MB/s (10^6 bytes) and
# the median peak RSS (GNU time's "Maximum resident set size") as a
# Markdown table for docs/BENCHMARKS.md.
#
#   bench/s3.sh                 # 1 GiB, 3 runs
#   SIZE_MB=256 RUNS=1 bench/s3.sh   # a quick check
#
# It waits for a quiet machine first (load below 1.5 and no go build),
# since the figures compare tools and MinIO's own CPU is the ceiling.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
. "$root/scripts/lib.sh"
. "$here/lib.sh"

SIZE_MB=${SIZE_MB:-1024}   # MiB
RUNS=${RUNS:-3}
size=$((SIZE_MB * 1024 * 1024))

# Tools: the pinned MinIO from the cache, Debian's AWS CLI, rclone and time.
"$root/scripts/install-minio.sh" >/dev/null
apt_install awscli rclone time
AWS=/usr/bin/aws RCLONE=/usr/bin/rclone GTIME=/usr/bin/time


work=$(mktemp -d /tmp/cloudfs-s3bench.XXXXXX)
minio_pid=""
cleanup() {
  stop_minio
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # so that the EXIT trap stops MinIO

go build -o "$work/s3bench" "$root/bench/s3bench"

export AWS_ACCESS_KEY_ID=cloudfs-bench AWS_SECRET_ACCESS_KEY=cloudfs-bench-secret AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER= AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-creds"
start_minio "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"

bucket=bench
"$work/s3bench" -endpoint "$endpoint" -bucket "$bucket" -mkbucket
head -c "$size" /dev/urandom >"$work/src"

set_rclone_env "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"

# measure LABEL CMD...: runs CMD under GNU time, appends "secs rss_kb" to
# $work/LABEL.
measure() {
  local label=$1; shift
  sync
  "$GTIME" -f '%e %M' -o "$work/time.out" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; exit 1; }
  cat "$work/time.out" >>"$work/$label"
}

[ "${NOWAIT:-}" = 1 ] || wait_quiet   # NOWAIT=1 for a quick functional check
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 "$RUNS"); do
  rm -rf "$work/dl" && mkdir -p "$work/dl"
  measure cloudfs-put "$work/s3bench" -endpoint "$endpoint" -bucket "$bucket" -key "cloudfs/$i" -put "$work/src"
  measure cloudfs-get "$work/s3bench" -endpoint "$endpoint" -bucket "$bucket" -key "cloudfs/$i" -get "$work/dl/cloudfs"
  measure awscli-put "$AWS" s3 cp "$work/src" "s3://$bucket/awscli/$i" --endpoint-url "$endpoint" --only-show-errors
  measure awscli-get "$AWS" s3 cp "s3://$bucket/awscli/$i" "$work/dl/awscli" --endpoint-url "$endpoint" --only-show-errors
  mkdir -p "$work/rc$i" && ln "$work/src" "$work/rc$i/obj"
  measure rclone-put "${rclone_env[@]}" "$RCLONE" copy "$work/rc$i/obj" "m:$bucket/rclone/$i/"
  measure rclone-get "${rclone_env[@]}" "$RCLONE" copy "m:$bucket/rclone/$i/obj" "$work/dl/rclone/"
  cmp -s "$work/src" "$work/dl/cloudfs" || { echo "cloudfs download differs" >&2; exit 1; }
  cmp -s "$work/src" "$work/dl/awscli" || { echo "aws download differs" >&2; exit 1; }
  cmp -s "$work/src" "$work/dl/rclone/obj" || { echo "rclone download differs" >&2; exit 1; }
  rm -rf "$work/rc$i"
done

# median FILE COLUMN
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo "| Tool | PUT MB/s | PUT peak RSS | GET MB/s | GET peak RSS |"
echo "|---|---|---|---|---|"
for tool in cloudfs awscli rclone; do
  row="| $tool"
  for dir in put get; do
    secs=$(median "$work/$tool-$dir" 1) rss=$(median "$work/$tool-$dir" 2)
    row+=" | $(awk "BEGIN{printf \"%.0f\", $size/1e6/$secs}") | $(awk "BEGIN{printf \"%.0f MiB\", $rss/1024}")"
  done
  echo "$row |"
done
echo
echo "$RUNS runs of $SIZE_MB MiB each, median; MinIO $(cat "$CLOUDFS_BIN/.minio.version"), $("$AWS" --version 2>&1 | cut -d' ' -f1), $("$RCLONE" version | head -1); load at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)."
for f in "$work"/*-put "$work"/*-get; do echo "raw $(basename "$f"): $(tr '\n' ';' <"$f")"; done
