#!/usr/bin/env bash
# ASHA against the same trials run to the full budget, on the CPU: runs examples/asha.yaml as written,
# then the same file without its scheduler section (same seed, so the same 27 trials), and prints for
# each the total epochs trained, the wall time, the best test accuracy and the test accuracy of the
# trial with the best validation accuracy. Usage: bench/asha-vs-full-budget.sh [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
"$root/scripts/prepare.sh"
mkdir -p "$work"
sed -e '/^scheduler:/,$d' -e 's/^name: asha$/name: asha-full-budget/' "$root/examples/asha.yaml" >"$work/full-budget.yaml"
cp "$root/examples/asha.yaml" "$work/asha.yaml"

run() {
  local name="$1" file="$2" started id
  started=$(date +%s)
  id=$("$root/sweep" run "$file" --db "$work/$name.db" --checkpoints "$work/$name-checkpoints" --device cpu | head -n 1 | tr -d '[:space:]')
  echo "$name $id $(( $(date +%s) - started ))" >>"$work/runs.txt"
  "$root/sweep" leaderboard "$id" --db "$work/$name.db" --json >"$work/$name.json"
}

: >"$work/runs.txt"
run asha "$work/asha.yaml"
run full-budget "$work/full-budget.yaml"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
runs = {line.split()[0]: (line.split()[1], int(line.split()[2])) for line in open(f"{work}/runs.txt")}
result = {}
for name in ("asha", "full-budget"):
    rows = json.load(open(f"{work}/{name}.json"))
    epochs = sum(r["epochs"] for r in rows)
    tested = [r for r in rows if r.get("test_accuracy") is not None]
    best_test = max(r["test_accuracy"] for r in tested)
    by_val = max(tested, key=lambda r: (r["val_accuracy"], r["trial_id"]))
    stopped = sum(1 for r in rows if r["state"] == "stopped")
    result[name] = (epochs, best_test, by_val)
    print(f"{name:12} trials {len(rows)} stopped {stopped:2}  epochs {epochs:4}  wall {runs[name][1]:5} s  "
          f"best test accuracy {best_test:.4f}  best-by-validation trial {by_val['trial_id']} test {by_val['test_accuracy']:.4f}")
asha, full = result["asha"], result["full-budget"]
print(f"epochs ratio {asha[0] / full[0]:.3f}  best test accuracy difference {100 * (full[1] - asha[1]):.2f} points")
PY
