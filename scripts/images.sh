#!/usr/bin/env bash
# Builds the container images with podman: a self-contained publish (no SDK in any image) into
# artifacts/image, then deploy/docker/sweep.Dockerfile on it, and the GPU-node bundle with
# deploy/docker/gpu-node.Dockerfile. Idempotent.
#   scripts/images.sh                 # localhost/sweepcluster/sweep:dev, .../sweep-gpu-node:dev
#   TAG=0.1.0 REGISTRY=registry.example.com/team scripts/images.sh && podman push ...
# BASE / GPU_BASE: the base images (defaults: the Dockerfiles' own, from public registries). Where
# those are out of reach, LOCAL_BASE=1 builds both on a Debian 12 image made here by debootstrap
# (localhost/debian:bookworm; root needed), which the container tests use.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
podman=("$root/scripts/podman.sh")
registry="${REGISTRY:-localhost/sweepcluster}"
tag="${TAG:-dev}"

build_args=()
gpu_args=()
if [[ "${LOCAL_BASE:-}" == 1 ]]; then
  base=localhost/debian:bookworm
  if ! "${podman[@]}" image exists "$base"; then
    rootfs="$root/artifacts/image-base/rootfs"
    rm -rf "$rootfs" && mkdir -p "$rootfs"
    echo "images: making $base with debootstrap" >&2
    debootstrap --variant=minbase bookworm "$rootfs" >"$root/artifacts/image-base/debootstrap.log" 2>&1 \
      || { tail -20 "$root/artifacts/image-base/debootstrap.log" >&2; exit 1; }
    # Without PATH in the image, podman kube play finds no sh.
    tar -C "$rootfs" -c . | "${podman[@]}" import -q \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$base" >/dev/null
    rm -rf "$rootfs"
  fi
  build_args=(--build-arg "BASE=$base")
  gpu_args=(--build-arg "BASE=$base")
fi
[[ -n "${BASE:-}" ]] && build_args=(--build-arg "BASE=$BASE")
[[ -n "${GPU_BASE:-}" ]] && gpu_args=(--build-arg "BASE=$GPU_BASE")

# build NAME DOCKERFILE CONTEXT [ARGS...]: the image it replaces is removed, so rebuilding leaves
# no untagged copies behind (each holds a new publish, hundreds of MB).
build() {
  local name=$1 file=$2 dir=$3 old new
  shift 3
  old=$("${podman[@]}" image inspect --format '{{.Id}}' "$name" 2>/dev/null || true)
  "${podman[@]}" build -q "$@" -f "$file" -t "$name" "$dir" >/dev/null
  new=$("${podman[@]}" image inspect --format '{{.Id}}' "$name")
  [[ -z "$old" || "$old" == "$new" ]] || "${podman[@]}" rmi "$old" >/dev/null 2>&1 || true
  echo "images: $name" >&2
}

context="$root/artifacts/image"
echo "images: publishing the CLI self-contained for linux-x64 (CPU libtorch)" >&2
rm -rf "$context" && mkdir -p "$context"
dotnet publish "$root/src/Coordinator/SweepCluster.Coordinator.csproj" -c Release -r linux-x64 --self-contained \
  -p:TorchBackend=cpu --artifacts-path "$root/artifacts/image-build" -o "$context/sweep" -nologo -v quiet
find "$context/sweep" \( -name '*.pdb' -o -name 'createdump' \) -delete
cp -r "$root/examples" "$context/examples"
build "$registry/sweep:$tag" "$root/deploy/docker/sweep.Dockerfile" "$context" "${build_args[@]}"

"$root/scripts/gpu-node-bundle.sh" >/dev/null
build "$registry/sweep-gpu-node:$tag" "$root/deploy/docker/gpu-node.Dockerfile" "$root/artifacts/gpu-node-bundle" "${gpu_args[@]}"
