#!/usr/bin/env bash
# Builds the pinned MinIO server into the test cache (about 7 minutes, once).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
MINIO_VERSION="${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
go_install_pinned minio "github.com/minio/minio@$MINIO_VERSION"
echo "$CLOUDFS_BIN/minio"
