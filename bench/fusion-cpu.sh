#!/usr/bin/env bash
# Fused against separate training on the CPU, through the real CLI: each sweep file runs once with
# --fuse 1 and once with --fuse K (one slot, fresh store each), and the script prints per run the wall
# time and per trial the test accuracy in both, with the largest difference.
#   1. bench/Fusion/study-a-grid.yaml (8 trials of study A's baseline, one fused group of 8): the cost of fusion.
#   2. examples/quickstart.yaml with --fuse 4 (two groups of two): accuracies within 1.5 points of unfused.
# Usage: bench/fusion-cpu.sh [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
"$root/scripts/prepare.sh"
mkdir -p "$work"
: >"$work/runs.txt"

run() {
  local name="$1" file="$2" fuse="$3" started id
  started=$(date +%s%N)
  id=$("$root/sweep" run "$file" --fuse "$fuse" --db "$work/$name.db" --checkpoints "$work/$name-checkpoints" --device cpu | head -n 1 | tr -d '[:space:]')
  echo "$name $(( ($(date +%s%N) - started) / 1000000 ))" >>"$work/runs.txt"
  "$root/sweep" leaderboard "$id" --db "$work/$name.db" --json >"$work/$name.json"
}

run grid-alone "$root/bench/Fusion/study-a-grid.yaml" 1
run grid-fused "$root/bench/Fusion/study-a-grid.yaml" 8
run quickstart-alone "$root/examples/quickstart.yaml" 1
run quickstart-fused "$root/examples/quickstart.yaml" 4

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
wall = {line.split()[0]: int(line.split()[1]) / 1000 for line in open(f"{work}/runs.txt")}
for study in ("grid", "quickstart"):
    alone = {r["trial_id"]: r for r in json.load(open(f"{work}/{study}-alone.json"))}
    fused = {r["trial_id"]: r for r in json.load(open(f"{work}/{study}-fused.json"))}
    print(f"{study}: alone {wall[study + '-alone']:.1f} s, fused {wall[study + '-fused']:.1f} s "
          f"(fused / alone = {wall[study + '-fused'] / wall[study + '-alone']:.3f})")
    worst = 0.0
    for trial_id, a in alone.items():
        f = fused[trial_id]
        diff = 100 * (f["test_accuracy"] - a["test_accuracy"])
        worst = max(worst, abs(diff))
        print(f"  {trial_id} {a['label'][:40]:40} {a['state']:9} {f['state']:9} test {a['test_accuracy']:.4f} alone, {f['test_accuracy']:.4f} fused ({diff:+.2f} points)")
    print(f"  largest difference: {worst:.2f} points over {len(alone)} trials")
PY
