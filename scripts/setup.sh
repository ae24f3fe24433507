#!/usr/bin/env bash
# Set up FieldDesk for development on Debian/Ubuntu: system packages (as root),
# a virtualenv in .venv and the app with its dev tools.  Safe to run again: every
# scripts/check.sh, scripts/demo.sh and scripts/build.sh runs it, so a run with nothing
# to do is quick.  --for-tests (scripts/check.sh) adds the servers only the test suite
# uses.  Without apt (macOS, another Linux) it says so, skips the system packages and
# sets up the virtualenv alone: what a build of the app bundle needs (docs/release.md).
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=0
case ${1:-} in
  --for-tests) for_tests=1 ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--for-tests]" >&2 && exit 2 ;;
esac

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
  # network namespaces of the tests' own, where the network check's ping is tried for real
  iproute2 util-linux
  # XTEST: the bundle's test clicks its window's menu (tests/bundle/x_input.py)
  libxtst6
)
# Installed, or upgraded to Debian's newest (security) release: Debian patches RT in
# place (5.0.3+dfsg-3~deb12uN) and its fixes change what RT does, so a machine set up
# earlier is brought up to date too.  The private Request Tracker 5 of the demo and the
# tests (SQLite, and PostgreSQL for the second test pass), and nginx for the TLS tests.
# devrt/packages.py (SETUP_PACKAGES) lists the same packages.
UPGRADED_PACKAGES=(
  request-tracker5 rt5-db-sqlite rt5-standalone rt5-db-postgresql postgresql nginx
)
# Servers only the test suite runs (RT on PostgreSQL, nginx): installed and upgraded with
# --for-tests alone, not for the demo or a build.
TEST_ONLY_PACKAGES=(rt5-db-postgresql postgresql nginx)
install_command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends"

# Versions as apt's lists know them: "package installed candidate" per line.
versions() {
  apt-cache policy "$@" 2>/dev/null | awk '
    /^[^ ].*:$/ { name = substr($0, 1, length($0) - 1) }
    $1 == "Installed:" { installed = $2 }
    $1 == "Candidate:" { print name, installed, $2 }'
}

install_system_packages() {
  local upgraded=() missing=() outdated=() package installed candidate pg_server
  local -A known=()
  for package in "${UPGRADED_PACKAGES[@]}"; do
    if ((for_tests)) || [[ " ${TEST_ONLY_PACKAGES[*]} " != *" $package "* ]]; then
      upgraded+=("$package")
    fi
  done
  if ((for_tests)); then
    # A meta package (postgresql) is satisfied by any release of the server it names
    # (postgresql-15 on Debian 12): check that server and its client too.
    pg_server=$(apt-cache depends postgresql 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^postgresql-[0-9]+$/ { print $2; exit }')
    if [[ -n $pg_server ]]; then
      upgraded+=("$pg_server" "postgresql-client-${pg_server#postgresql-}")
    fi
  fi

  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [[ $(id -u) -eq 0 ]]; then
    # Fresh lists, so that the candidate is the newest release (about a second when
    # nothing changed). Offline, the packages already installed will do.
    apt-get update -qq >&2 || echo "apt-get update failed: using the package lists as they are" >&2
  fi
  while read -r package installed candidate; do
    known[$package]=1
    if [[ $installed == "(none)" ]]; then
      missing+=("$package")
    elif [[ $candidate != "(none)" && $installed != "$candidate" ]]; then
      outdated+=("$package")
    fi
  done < <(versions "${upgraded[@]}")
  for package in "${upgraded[@]}"; do  # unknown to apt's lists: missing
    [[ -n ${known[$package]:-} ]] || missing+=("$package")
  done

  ((${#missing[@]} + ${#outdated[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    if ((${#missing[@]})); then
      echo "Missing system packages: ${missing[*]}" >&2
      echo "Install them as root: $install_command ${missing[*]} ${outdated[*]}" >&2
      exit 1
    fi
    echo "A newer release of ${outdated[*]} is available. Upgrade as root:" >&2
    echo "  $install_command ${outdated[*]}" >&2
  else
    echo "Installing or upgrading system packages: ${missing[*]} ${outdated[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" "${outdated[@]}" >&2
  fi
}

if command -v apt-get >/dev/null && command -v apt-cache >/dev/null; then
  install_system_packages
else
  # macOS (docs/release.md builds the bundle there) or a Linux without apt: nothing to
  # install with, and nothing the build needs but Python (PySide6's wheels bring Qt).
  echo "No apt-get here (not Debian or Ubuntu): skipping the system packages." >&2
  echo "  Expected instead: Python 3.11 or newer as python3 (or PYTHON=/path/to/python)." >&2
  echo "  That is enough to build the app; the demo and the tests need Debian 12 or Ubuntu." >&2
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "FieldDesk needs Python 3.11 or newer; $("$PYTHON" --version 2>&1) found." >&2
  exit 1
fi
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
# Exactly the versions in requirements.lock, each checked against its hash
# (scripts/lock.sh refreshes it); then the app itself, built with the locked
# setuptools rather than whatever an index serves at build time.
.venv/bin/python -m pip install --quiet --require-hashes --requirement requirements.lock >&2
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation --editable . >&2
