# Shared helpers for the scripts under scripts/. Source it; do not run it.
# The cache lives outside the work tree so that a fresh clone on the same
# machine (as CI makes) reuses servers already built.
CLOUDFS_CACHE="${CLOUDFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cloudfs-test}"
CLOUDFS_BIN="$CLOUDFS_CACHE/bin"
mkdir -p "$CLOUDFS_BIN"
export CLOUDFS_CACHE CLOUDFS_BIN

# go_install_pinned NAME MODULE@VERSION builds a Go program once into the cache.
go_install_pinned() {
  local name=$1 spec=$2 stamp="$CLOUDFS_BIN/.$1.version"
  if [ -x "$CLOUDFS_BIN/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$spec" ]; then
    return 0
  fi
  echo "building $spec into $CLOUDFS_BIN (once; cached afterwards)" >&2
  GOBIN="$CLOUDFS_BIN" CGO_ENABLED=0 go install "$spec"
  echo "$spec" >"$stamp"
}

# apt_install PKG... installs Debian packages that are missing.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
