#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `start DIR PORT` makes one under DIR (initdb, trust
# authentication on loopback, C locale) and starts it; `stop DIR` stops it. Run as root, the server
# runs as the `postgres` system user. Prints the URL of a superuser login `examctl` on success.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?folder}; port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
case $cmd in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$bin/initdb -D '$dir/data' -U postgres --auth=trust --locale=C -E UTF8 >'$dir/initdb.log' 2>&1"
      # Trust on loopback for the tests' logins, but a password for examctl_pw (the wrong-password test).
      printf '%s\n' 'local all all trust' 'host all examctl_pw 127.0.0.1/32 scram-sha-256' \
        'host all all 127.0.0.1/32 trust' 'host all all ::1/128 trust' > "$dir/data/pg_hba.conf"
      [ "$(id -u)" = 0 ] && chown postgres "$dir/data/pg_hba.conf"
    fi
    as_pg "$bin/pg_ctl -D '$dir/data' status >/dev/null 2>&1" || as_pg "$bin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start >/dev/null"
    as_pg "$bin/psql -h 127.0.0.1 -p $port -U postgres -d postgres -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='examctl'\"" | grep -q 1 ||
      as_pg "$bin/psql -h 127.0.0.1 -p $port -U postgres -d postgres -qc 'CREATE ROLE examctl LOGIN SUPERUSER' -c 'CREATE DATABASE examctl OWNER examctl'"
    echo "postgresql://examctl@127.0.0.1:$port/examctl"
    ;;
  stop)
    as_pg "$bin/pg_ctl -D '$dir/data' -m fast stop >/dev/null" || true
    ;;
esac
