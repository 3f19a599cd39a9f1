#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: a fresh cluster in a temporary directory on a
# free loopback port, with a role that may create databases. The command finds it in
# SWEEP_TEST_POSTGRES (an Npgsql connection string); the server and its files are removed afterwards,
# whatever happens. Needs the Debian package postgresql (scripts/test.sh installs it).
set -euo pipefail
bin="$(pg_config --bindir)"

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "with-postgres: no free port found" >&2
  return 1
}

dir="$(mktemp -d /tmp/sweep-postgres.XXXXXX)"
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb and postgres refuse to run as root.
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
port="$(free_port)"
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" >/dev/null
"${as_owner[@]}" "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
  -c "CREATE ROLE sweep LOGIN CREATEDB PASSWORD 'sweep'" -c "CREATE DATABASE sweeps OWNER sweep"

export SWEEP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=sweep;Password=sweep;Database=sweeps"
status=0
"$@" || status=$?
exit "$status"
