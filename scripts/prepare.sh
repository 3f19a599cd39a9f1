#!/usr/bin/env bash
# Installs what SweepCluster needs on Debian 12 and builds it. Idempotent: re-running changes nothing
# that is already in place. Extra Debian packages can be named as arguments (the tests add theirs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Fonts for the figures of `sweep report` (ScottPlot draws text with the system's fonts).
packages=(dataset-fashion-mnist fonts-dejavu-core "$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  echo "prepare: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "prepare: the .NET 10 SDK is needed (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

mkdir -p "$root/artifacts"
exec 9>"$root/artifacts/.build.lock"
flock 9
echo "prepare: building (Release)" >&2
if ! log=$(dotnet build "$root/SweepCluster.sln" -c Release -nologo -v quiet 2>&1); then
  echo "$log" >&2
  exit 1
fi
touch "$root/artifacts/.sweep-built"
