#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite and prints the
# environment line that points the tests at it:
#
#   eval "$(scripts/test-postgres.sh)"      # exports MODERATOR_TEST_POSTGRES_URL
#
# Uses Debian's postgresql package (installed if missing and we are root).
# The server listens on 127.0.0.1:${PGPORT:-55432} with trust authentication
# and lives in a temporary directory; `scripts/test-postgres.sh stop` stops it.
set -euo pipefail
port=${PGPORT:-55432}
state=/tmp/moderator-test-postgres
if [ "${1:-}" = stop ]; then
  [ -f "$state/dir" ] && pg_ctl_bin=$(cat "$state/bin")/pg_ctl && dir=$(cat "$state/dir") && {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$pg_ctl_bin -D $dir/data stop -m fast" >&2; else "$pg_ctl_bin" -D "$dir/data" stop -m fast >&2; fi
  }
  exit 0
fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing postgresql (Debian package)" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  else
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
fi
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if ! pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null; then
  dir=$(mktemp -d /tmp/moderator-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  run "$bin/initdb -D $dir/data -A trust -U postgres --no-sync" >/dev/null
  run "$bin/pg_ctl -D $dir/data -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' -l $dir/log start -w" >/dev/null
  mkdir -p "$state" && echo "$dir" > "$state/dir" && echo "$bin" > "$state/bin"
fi
echo "export MODERATOR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
