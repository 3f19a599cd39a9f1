# The GPU-node image: the self-contained GPU-node bundle (scripts/gpu-node-bundle.sh, no .NET needed)
# on a PyTorch CUDA runtime image, whose torch/lib provides libtorch and the CUDA libraries, as run
# on an H100. Recommended over TorchSharp-cuda-linux (a ~6 GB package, and one CUDA stack less to match).
#   scripts/gpu-node-bundle.sh
#   docker build -f deploy/docker/gpu-node.Dockerfile -t ghcr.io/sweepcluster/sweep-gpu-node:0.1.0 artifacts
# Not built by this project's CI (no container engine there); see docs/kubernetes.md.
FROM pytorch/pytorch:2.10.0-cuda12.8-cudnn9-runtime
COPY gpu-node-bundle /app
# TorchSharp 0.107 targets libtorch 2.10: keep the PyTorch tag on that minor version.
# GLIBC_TUNABLES: as the ./sweep launcher sets it (host-side allocations of the training threads).
ENV SWEEP_DEVICE=cuda \
    XDG_CACHE_HOME=/tmp/cache \
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=536870912:glibc.malloc.arena_max=1
WORKDIR /work
USER 1000
# The image's own torch/lib, wherever its Python keeps it.
ENTRYPOINT ["/bin/sh", "-c", "export SWEEP_TORCH_LIB=\"${SWEEP_TORCH_LIB:-$(python -c 'import torch,os;print(os.path.dirname(torch.__file__))')/lib}\"; exec /app/sweep \"$@\"", "sweep"]
