#!/usr/bin/env bash
# The README's main job: install, build, and run SweepCluster on real Fashion-MNIST with the CPU.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/prepare.sh"
cd "$root"
./sweep runtime
./sweep data fashion-mnist
