# Sourced by the bench/*.sh scripts: what they share. Each script sets
# $work (its scratch directory) before calling start_minio.

# wait_quiet waits (up to 30 minutes) for a quiet machine: load under 1.5
# and no Go build or test running. MinIO's own CPU is part of every
# figure, so a busy machine shows in all of them.
wait_quiet() {
  for _ in $(seq 1 30); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if awk "BEGIN{exit !($load < 1.5)}" && ! pgrep -f 'go build|go install|/compile |go test|\.test ' >/dev/null; then
      return 0
    fi
    echo "machine busy (load $load); waiting 60 s" >&2
    sleep 60
  done
  echo "machine still busy; benchmarking anyway (figures are noisy)" >&2
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_minio USER PASS: starts the pinned MinIO on free loopback ports
# with a fresh directory under $work, waits until it is live, and sets
# $endpoint and $minio_pid (stop_minio stops it).
start_minio() {
  local port cport
  port=$(free_port) cport=$(free_port)
  endpoint="http://127.0.0.1:$port"
  MINIO_ROOT_USER=$1 MINIO_ROOT_PASSWORD=$2 MINIO_BROWSER=off MINIO_UPDATE=off \
    "$CLOUDFS_BIN/minio" server "$work/minio" --address "127.0.0.1:$port" --console-address "127.0.0.1:$cport" --quiet \
    >"$work/minio.log" 2>&1 &
  minio_pid=$!
  for _ in $(seq 1 600); do
    curl -fs "$endpoint/minio/health/live" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$work/minio.log" >&2
  exit 1
}

stop_minio() {
  if [ -n "${minio_pid:-}" ]; then
    kill "$minio_pid" 2>/dev/null && wait "$minio_pid" 2>/dev/null
    minio_pid=""
  fi
  return 0
}

# set_rclone_env USER PASS: sets rclone_env, the command prefix that
# points rclone's remote "m" at $endpoint. AWS_CA_BUNDLE is unset:
# rclone 1.60's S3 backend fails on it with "unsupported transport".
set_rclone_env() {
  rclone_env=(env -u AWS_CA_BUNDLE RCLONE_CONFIG="$work/rclone.conf" RCLONE_CONFIG_M_TYPE=s3 RCLONE_CONFIG_M_PROVIDER=Minio
    RCLONE_CONFIG_M_ENV_AUTH=false RCLONE_CONFIG_M_ACCESS_KEY_ID="$1"
    RCLONE_CONFIG_M_SECRET_ACCESS_KEY="$2" RCLONE_CONFIG_M_ENDPOINT="$endpoint"
    RCLONE_CONFIG_M_REGION=us-east-1)
}
