#!/usr/bin/env bash
# Throw-away PostgreSQL cluster on loopback for tests and CI.
# PGTMP_BASE (default /tmp) must be traversable by user postgres when run as root (/root is 0700).
# Usage:  eval "$(scripts/pg-throwaway.sh start)"   -> exports PGTMP_DIR PGTMP_PID PGHOST PGPORT PGUSER PGDATABASE DATABASE_URL
#         scripts/pg-throwaway.sh stop "$PGTMP_DIR"
set -euo pipefail
cmd="${1:-start}"
find_pg_bin() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && { echo "$d"; return; }
  echo "no PostgreSQL found: apt-get install -y postgresql" >&2; exit 1
}
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
case "$cmd" in
start)
  BIN=$(find_pg_bin); RUNAS=()
  if [ "$(id -u)" = 0 ]; then   # initdb/postgres refuse to run as root
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    RUNAS=(runuser -u postgres --)
  fi
  mkdir -p "${PGTMP_BASE:-/tmp}"; DIR=$(mktemp -d "${PGTMP_BASE:-/tmp}/pgtmp.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
  PORT=${PGPORT_WANTED:-$(free_port)}
  "${RUNAS[@]}" "$BIN/initdb" -D "$DIR/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1
  FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = 1 ] && FAST=""
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR $FAST -c max_connections=100" >/dev/null
  "${RUNAS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U app app
  PID=$(head -1 "$DIR/data/postmaster.pid")
  echo "export PGTMP_DIR=$DIR PGTMP_PID=$PID PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=app PGDATABASE=app DATABASE_URL=postgres://app@127.0.0.1:$PORT/app" ;;
stop)
  DIR="${2:?usage: stop DIR}"; BIN=$(find_pg_bin)
  RUNAS=(); [ "$(id -u)" = 0 ] && RUNAS=(runuser -u postgres --)
  "${RUNAS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
  rm -rf "$DIR" ;;
esac
