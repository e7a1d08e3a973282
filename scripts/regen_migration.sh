#!/usr/bin/env bash
# Pre-release only: rebuild the single initial migration from the models.
# Once a release has shipped, add new revisions with `alembic revision --autogenerate` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
rm -f scratch-migrations.sqlite3 assist_desktop/db/migrations/versions/0001_*.py
$PY -m alembic -c alembic.ini revision --autogenerate --rev-id 0001 -m "initial schema" >/dev/null
mv assist_desktop/db/migrations/versions/0001_initial_schema.py assist_desktop/db/migrations/versions/0001_initial.py 2>/dev/null || true
rm -f scratch-migrations.sqlite3
$PY -m ruff format assist_desktop/db/migrations/versions/ >/dev/null 2>&1 || true
echo "regenerated assist_desktop/db/migrations/versions/0001_initial.py"
