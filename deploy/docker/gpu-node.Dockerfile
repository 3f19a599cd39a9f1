# The GPU-node image: the self-contained GPU-node bundle (scripts/gpu-node-bundle.sh, no .NET needed)
# on a PyTorch CUDA runtime image, whose torch/lib provides libtorch and the CUDA libraries, as run
# on an H100. Recommended over TorchSharp-cuda-linux (a ~6 GB package, and one CUDA stack less to match).
#   scripts/gpu-node-bundle.sh
#   docker build -f deploy/docker/gpu-node.Dockerfile -t REGISTRY/sweep-gpu-node:TAG artifacts/gpu-node-bundle
# scripts/images.sh does both. BASE must hold a PyTorch whose libtorch matches TorchSharp's: 0.107
# targets libtorch 2.10, so keep the PyTorch tag on that minor version. (On a base without PyTorch,
# as in the project's own container tests, the image builds but cannot train.)
ARG BASE=pytorch/pytorch:2.10.0-cuda12.8-cudnn9-runtime
FROM ${BASE}
COPY . /app
RUN mkdir -p /work /data && chown 1000:1000 /work
# GLIBC_TUNABLES: as the ./sweep launcher sets it (host-side allocations of the training threads).
# HOME: user 1000 has no home in the base; Python and CUDA keep their caches under it, on the
# writable /tmp of a pod whose root file system is read-only.
ENV SWEEP_DEVICE=cuda \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/cache \
    SWEEP_Datasets__Root=/data \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=536870912:glibc.malloc.arena_max=1
WORKDIR /work
USER 1000:1000
# The image's own torch/lib, wherever its Python keeps it.
ENTRYPOINT ["/bin/sh", "-c", "export SWEEP_TORCH_LIB=\"${SWEEP_TORCH_LIB:-$(python -c 'import torch,os;print(os.path.dirname(torch.__file__))')/lib}\"; exec /app/sweep \"$@\"", "sweep"]
