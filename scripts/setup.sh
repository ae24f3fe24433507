#!/usr/bin/env bash
# Set up FieldDesk for development on Debian/Ubuntu: system packages (as root),
# a virtualenv in .venv and the app with its dev tools.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  python3 python3-venv python3-pip
  # Qt's runtime libraries (PySide6 wheels bring Qt itself, not these)
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core
  # a virtual screen for screenshots and GUI checks
  xvfb xauth
  # a desktop session's keyring (D-Bus + Secret Service) for tests of real fielddesk processes
  dbus-daemon gnome-keyring
  # the private Request Tracker 5 helpdesk for the demo and the tests
  request-tracker5 rt5-db-sqlite rt5-standalone
)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "FieldDesk needs Python 3.11 or newer; $("$PYTHON" --version 2>&1) found." >&2
  exit 1
fi
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip >&2
.venv/bin/python -m pip install --quiet --editable '.[dev]' >&2
