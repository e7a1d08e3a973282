#!/usr/bin/env bash
# Set up (system packages included) and run the whole test suite offscreen, on SQLite and on a
# throwaway PostgreSQL server. Exit code: pytest's, with "no tests collected" (5) counted as failure.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev || { echo "setup failed" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen
export PYTHONHASHSEED=0

echo "== ruff"
.venv/bin/ruff check assist_desktop tests benchmarks scripts || exit 1
echo "== mypy (the whole package)"
.venv/bin/mypy assist_desktop || exit 1

PG_STARTED=""
if [ -z "${ASSIST_TEST_PG:-}" ] && [ -x scripts/pg-test-server.sh ] && [ "${ASSIST_SKIP_PG:-0}" != 1 ]; then
  if ASSIST_TEST_PG=$(scripts/pg-test-server.sh start); then
    export ASSIST_TEST_PG
    PG_STARTED=1
    echo "== PostgreSQL test server: $ASSIST_TEST_PG"
  else
    echo "could not start the PostgreSQL test server" >&2
    exit 1
  fi
fi

echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
rc=$?
[ -n "$PG_STARTED" ] && scripts/pg-test-server.sh stop "$ASSIST_TEST_PG" >/dev/null 2>&1
if [ $rc = 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit $rc
