#!/usr/bin/env bash
# The README's main job: install what is missing, build, and run a real sweep on real Fashion-MNIST on
# the CPU (examples/quickstart.yaml: 4 trials, a few minutes on 2 cores). Results go to ./sweeps.db;
# running it again resumes the same sweep, so a finished one just prints its leaderboard.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/prepare.sh"
cd "$root"
./sweep run examples/quickstart.yaml
