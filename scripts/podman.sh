#!/usr/bin/env bash
# podman with this project's settings (deploy/podman/containers.conf) unless CONTAINERS_CONF names
# others. Every script and test that runs containers goes through it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/deploy/podman/containers.conf}"
exec podman "$@"
