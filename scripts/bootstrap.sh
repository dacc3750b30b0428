#!/usr/bin/env bash
# Sets up everything backlab needs on a Debian/Ubuntu machine, idempotently:
# a running Docker engine, the npm dependencies, the compiled CLI and the images.
# --for-tests also installs what only the test suite needs (Chromium for the dashboard tests).
set -euo pipefail
FOR_TESTS=false
[ "${1:-}" = "--for-tests" ] && FOR_TESTS=true
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

ensure_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "Docker is not installed. Install Docker Engine (https://docs.docker.com/engine/install/) and run this again." >&2
      exit 2
    fi
    log "Installing Docker Engine (Debian package docker.io)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  if ! docker info >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "Docker is installed but not running. Start it (sudo systemctl start docker) and run this again." >&2
      exit 2
    fi
    log "Starting dockerd"
    # setsid: the daemon must not die with this script's process group.
    setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && return
      sleep 1
    done
    echo "dockerd did not start within 60 s; see /var/log/dockerd.log" >&2
    exit 2
  fi
}

ensure_base_image_tools() {
  # Without an image registry the base image is made with debootstrap (see docker/README.md).
  if ! command -v debootstrap >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "Installing debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
}

log "Docker engine"
ensure_docker
docker version --format 'Docker Engine {{.Server.Version}}'

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "The dashboard tests need Chromium: install it (Debian/Ubuntu: apt-get install chromium) and run this again." >&2
    exit 2
  fi
  log "Installing Chromium (dashboard tests)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

ensure_scale_out_servers() {
  # The scale-out tests start Redis and PostgreSQL servers of their own (on free 127.0.0.1 ports, in
  # temporary folders) so they can stop and restart them; only the programs are needed here.
  if command -v redis-server >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/initdb ]; then return; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "The scale-out tests need Redis and PostgreSQL 15: install them (Debian/Ubuntu: apt-get install redis-server postgresql) and run this again." >&2
    exit 2
  fi
  log "Installing Redis and PostgreSQL (scale-out tests)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >/dev/null
}

log "npm dependencies"
# `npm ci`: exactly the lockfile, as users and their CI install it. npm keeps its own record of
# what it installed (node_modules/.package-lock.json); when that is newer than the lockfile, the
# install is current and a second run of this script skips it.
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "  up to date with package-lock.json"
else
  npm ci --no-audit --no-fund --loglevel=error
fi

log "Compiling"
npm run --silent build

log "Docker images"
ensure_base_image_tools
node dist/runner/cli/main.js images build

if $FOR_TESTS; then
  ensure_chromium
  ensure_scale_out_servers
fi
