#!/usr/bin/env bash
# `make bench`: every benchmark of docs/BENCHMARKS.md, one after the other
# (never two at once: each wants the machine to itself). Each script
# prints its own table; the environment variables of each pass through.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for b in s3 sync mount; do
  echo "== bench/$b.sh"
  "$here/$b.sh"
done
