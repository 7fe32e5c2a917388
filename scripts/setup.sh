#!/usr/bin/env bash
# Installs and builds everything the test suite needs, on a fresh Debian
# machine with Go. Safe to run again: each step skips what is done.
# Tests start the servers themselves, on loopback and free ports.
set -euo pipefail
here=$(dirname "$0")
. "$here/lib.sh"

# Debian packages: FUSE for the mount tests, the reference clients.
apt_install fuse3 rsync
# The resource-file tests (fs/resfs) save with real vim.
apt_install vim

# S3: MinIO, built once into the cache.
"$here/install-minio.sh" >/dev/null
# The S3 driver's cross-check (Debian's AWS CLI, not a pyenv shim) and its
# benchmark (rclone as the rival, GNU time for peak RSS).
apt_install awscli rclone time

echo "setup done; servers cached in $CLOUDFS_BIN" >&2
