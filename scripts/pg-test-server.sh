#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (Debian's `postgresql` package).
#
#   scripts/pg-test-server.sh            start one; prints its URL on stdout, e.g.
#                                        postgresql://postgres@127.0.0.1:54329/postgres
#   scripts/pg-test-server.sh stop [URL|PORT|all]
#                                        stop one server; without an argument, the servers started from the same
#                                        process group (one script or job), so concurrent test runs never stop each
#                                        other's server; `all` stops every server this script started
#
# The cluster lives in a temporary folder (initdb + pg_ctl), listens on 127.0.0.1 only, at a free port,
# trusts local connections and is removed when stopped. As root it runs as the `postgres` user.
# Use: ASSIST_TEST_PG=$(scripts/pg-test-server.sh) .venv/bin/python -m pytest -q tests/services tests/exchange tests/db
set -euo pipefail

STATE_DIR=${ASSIST_PG_STATE_DIR:-${TMPDIR:-/tmp}/assist-pg-test}

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "installing Debian's postgresql package..." >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    else
      echo "PostgreSQL server binaries not found: install Debian's postgresql package" >&2
      exit 1
    fi
  fi
  echo "$dir"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

my_group() {
  # the caller's process group: the same for `start` inside $(...) and a later `stop` in one script or job
  if [[ -r /proc/$$/stat ]]; then
    sed -E 's/^.*\) //' "/proc/$$/stat" | cut -d' ' -f3   # fields after the command name: state ppid pgrp
  else
    ps -o pgid= -p $$ | tr -d ' '
  fi
}

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

start() {
  local bin port data
  bin=$(find_bin)
  mkdir -p "$STATE_DIR"
  chmod 1777 "$STATE_DIR" 2>/dev/null || true
  port=$(free_port)
  data=$(mktemp -d "$STATE_DIR/cluster-$port-XXXXXX")
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$data"; fi
  chmod 700 "$data"
  as_owner "$bin/initdb" -D "$data/pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
    || as_owner "$bin/initdb" -D "$data/pgdata" -U postgres --auth=trust -E UTF8 --locale=C >"$data/initdb.log" 2>&1
  as_owner "$bin/pg_ctl" -D "$data/pgdata" -l "$data/pgdata/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c timezone=UTC -c max_connections=200" \
    start >/dev/null
  echo "$data $(my_group)" >"$STATE_DIR/port-$port"
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

stop_one() {
  local port=$1 bin data
  bin=$(find_bin)
  data=$(cut -d' ' -f1 "$STATE_DIR/port-$port" 2>/dev/null || true)
  if [[ -n "$data" && -d "$data/pgdata" ]]; then
    as_owner "$bin/pg_ctl" -D "$data/pgdata" -m fast -w stop >/dev/null || true
    rm -rf "$data"
  fi
  rm -f "$STATE_DIR/port-$port"
}

case "${1:-start}" in
  start) start ;;
  stop)
    if [[ -n "${2:-}" && "${2}" != all ]]; then
      arg=${2##*:}; arg=${arg%%/*}
      stop_one "$arg"
    else
      for f in "$STATE_DIR"/port-*; do
        [[ -e "$f" ]] || continue
        owner=$(cut -s -d' ' -f2 "$f" || true)
        if [[ "${2:-}" == all || "$owner" == "$(my_group)" ]]; then
          stop_one "${f##*/port-}"
        fi
      done
    fi
    ;;
  *) echo "usage: $0 [start|stop [URL|PORT]]" >&2; exit 2 ;;
esac
