# The sweep image: coordinators, CLI clients and CPU nodes (CPU libtorch inside), with Fashion-MNIST.
# Its context is a self-contained publish that scripts/images.sh makes, so no SDK is in the image:
#   scripts/images.sh                     # artifacts/image/{sweep,examples}, then podman build
#   docker build -f deploy/docker/sweep.Dockerfile -t REGISTRY/sweep:TAG artifacts/image
# BASE: any Debian 12 image (scripts/images.sh passes one made by debootstrap where registries are
# out of reach). The runtime patches TorchSharp's native library for Debian's libstdc++ by itself
# (docs/torch-runtime.md), into XDG_CACHE_HOME.
ARG BASE=mcr.microsoft.com/dotnet/runtime-deps:10.0-bookworm-slim
FROM ${BASE}
# libgomp1: libtorch's OpenMP; libssl3, ca-certificates: TLS; fonts: report figures;
# dataset-fashion-mnist: the quickstart's data, in Debian's folder (Datasets:FashionMnist's default).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgomp1 libssl3 ca-certificates fonts-dejavu-core dataset-fashion-mnist \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*
COPY sweep /app
COPY examples /examples
# Writable places only: /work (logs, a local store) and /tmp (the patched library); the manifests
# mount both as emptyDir volumes under a read-only root filesystem.
RUN mkdir -p /work /data && chown 1000:1000 /work
# GLIBC_TUNABLES: as the ./sweep launcher sets it (docs/benchmarks.md, glibc allocator).
# Globalization invariant: no ICU in a minimal Debian, and nothing here is culture-dependent.
ENV XDG_CACHE_HOME=/tmp/cache \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    SWEEP_Datasets__Root=/data \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=536870912:glibc.malloc.arena_max=1
WORKDIR /work
USER 1000:1000
ENTRYPOINT ["/app/sweep"]
