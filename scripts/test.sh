#!/usr/bin/env bash
# Runs every test, after installing and building what they need (idempotent). This is the README's
# test command and what CI runs (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# postgresql: the PostgreSQL specs run against a throwaway server (scripts/with-postgres.sh);
# prometheus: promtool and a real Prometheus server check the metrics endpoints;
# podman, runc, debootstrap: the container specs build the images and run them (netavark and
# aardvark-dns give containers their networks and names; catatonit is kube play's pause process).
"$root/scripts/prepare.sh" postgresql prometheus chromium podman runc debootstrap netavark aardvark-dns catatonit

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
# The multi-process cluster specs run last and alone: they time failure detection, and the other
# test assemblies (training on both cores) would starve them.
"$root/scripts/with-postgres.sh" dotnet test "$root/SweepCluster.sln" -c Release --no-build --nologo \
  --filter "FullyQualifiedName!~.Cluster.&FullyQualifiedName!~.Containers." \
  --logger "console;verbosity=normal" --logger trx --results-directory "$results" || status=$?
"$root/scripts/with-postgres.sh" dotnet test "$root/tests/Coordinator.Tests" -c Release --no-build --nologo \
  --filter "FullyQualifiedName~.Cluster." \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=cluster.trx" --results-directory "$results" || status=$?
# The container specs (images built, pods as containers on a network of their own) last: they also
# time failure detection. They need podman as root (debootstrap makes the base image).
if [[ $(id -u) -eq 0 ]] && why=$("$root/scripts/podman.sh" info 2>&1 >/dev/null); then
  dotnet test "$root/tests/Coordinator.Tests" -c Release --no-build --nologo \
    --filter "FullyQualifiedName~.Containers." \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=containers.trx" --results-directory "$results" || status=$?
else
  echo "test.sh: SKIPPED the container specs: they need root and a podman that runs (${why:-not root}); see docs/kubernetes.md" >&2
fi

# One closing line over every test assembly, from the TRX files dotnet test wrote.
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); c[kv[1]] += kv[2] } }
    END { printf "%d %d %d\n", c["passed"], c["failed"], c["notExecuted"] }')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if ((passed == 0)); then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
