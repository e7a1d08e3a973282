#!/usr/bin/env bash
# Set up (first time) and start assist_desktop on the embedded SQLite database in your data folder.
# On first start the program asks for your union and offers demo data. Extra arguments go to the program.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" = "" ]; then
  echo "No display found: starting under a virtual screen (xvfb-run). On a desktop, run .venv/bin/assist-desktop." >&2
  command -v xvfb-run >/dev/null || scripts/setup.sh --dev
  exec xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/assist-desktop "$@"
fi
exec .venv/bin/assist-desktop "$@"
