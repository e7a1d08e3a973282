#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for assist_desktop: system packages, a virtualenv, the package.
#   scripts/setup.sh            the program (Qt runtime libraries, CJK font)
#   scripts/setup.sh --dev      also what the tests need (Xvfb, poppler, PostgreSQL server, dev tools)
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

RUNTIME_PKGS="libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libglib2.0-0 libdbus-1-3 \
 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 \
 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 fonts-wqy-microhei"
DEV_PKGS="xvfb xauth poppler-utils poppler-data zbar-tools postgresql"
PKGS="$RUNTIME_PKGS"
[ $DEV = 1 ] && PKGS="$PKGS $DEV_PKGS"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" != 0 ] && SUDO="sudo"
    echo "Installing system packages:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "warning: not a Debian/Ubuntu machine; install these yourself:$missing" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ $DEV = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[dev,postgres]"
else
  .venv/bin/python -m pip install -q -e .
fi
if [ -f scripts/build_translations.py ]; then
  .venv/bin/python scripts/build_translations.py >/dev/null
fi
