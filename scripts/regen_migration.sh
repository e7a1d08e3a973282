#!/usr/bin/env bash
# Pre-release only: rebuild the single initial migration from the models.
# 0001 is FROZEN since the first landing on main (databases made from it exist): add a new revision instead,
#   .venv/bin/alembic -c alembic.ini revision --autogenerate -m "what changed"
# (then check it: render_as_batch is on; a new NOT NULL column needs a server default).
set -euo pipefail
if [ "${FORCE_REGEN_0001:-0}" != 1 ]; then
  echo "0001_initial.py is frozen: add a new Alembic revision (see the comment at the top of this script)" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
rm -f scratch-migrations.sqlite3 assist_desktop/db/migrations/versions/0001_*.py
$PY -m alembic -c alembic.ini revision --autogenerate --rev-id 0001 -m "initial schema" >/dev/null
mv assist_desktop/db/migrations/versions/0001_initial_schema.py assist_desktop/db/migrations/versions/0001_initial.py 2>/dev/null || true
rm -f scratch-migrations.sqlite3
$PY -m ruff format assist_desktop/db/migrations/versions/ >/dev/null 2>&1 || true
echo "regenerated assist_desktop/db/migrations/versions/0001_initial.py"
