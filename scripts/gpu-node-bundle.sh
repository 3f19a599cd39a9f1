#!/usr/bin/env bash
# The self-contained GPU-node bundle: the sweep CLI published for linux-x64 with .NET inside and
# without libtorch (TorchBackend=external), to run on any machine with a PyTorch CUDA install and no
# .NET (a PyTorch CUDA runtime image, or a GPU machine as is):
#   tar -xJf gpu-node-bundle.tar.xz && SWEEP_TORCH_LIB=$(python3 -c "import torch,os;print(os.path.dirname(torch.__file__)+'/lib')") \
#     gpu-node-bundle/sweep node --seed COORDINATOR:4053 --device cuda
# Output: artifacts/gpu-node-bundle/ and artifacts/gpu-node-bundle.tar.xz. Builds in its own
# artifacts path, so the default (CPU) build is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/gpu-node-bundle"
rm -rf "$out"
dotnet publish "$root/src/Coordinator/SweepCluster.Coordinator.csproj" -c Release -r linux-x64 --self-contained \
  -p:TorchBackend=external --artifacts-path "$root/artifacts/gpu-node-build" -o "$out" -nologo -v quiet
# Debugging aids and any libtorch a package brought along: the machine's PyTorch provides libtorch.
find "$out" \( -name '*.pdb' -o -name 'libmscordaccore.so' -o -name 'libmscordbi.so' -o -name 'createdump' \
  -o -name 'libtorch*.so*' -o -name 'libc10*.so*' \) -delete
tar -C "$root/artifacts" -cJf "$root/artifacts/gpu-node-bundle.tar.xz" gpu-node-bundle
echo "$(du -sh "$root/artifacts/gpu-node-bundle.tar.xz" | cut -f1) artifacts/gpu-node-bundle.tar.xz"
