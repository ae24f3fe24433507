#!/usr/bin/env bash
# Build the FieldDesk app bundle with PyInstaller (build.spec) into dist/fielddesk/.
# Sets up .venv first (scripts/setup.sh).  Extra arguments go to PyInstaller,
# e.g. scripts/build.sh --distpath /tmp/out --workpath /tmp/work.
# FIELDDESK_BUILD_PYTHON=/path/to/python builds with an environment that is
# already set up (the bundle test does this) and skips scripts/setup.sh.
# Building for Windows or macOS: see docs/release.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${FIELDDESK_BUILD_PYTHON:-} ]]; then
  scripts/setup.sh
fi
exec "${FIELDDESK_BUILD_PYTHON:-.venv/bin/python}" -m PyInstaller --noconfirm --log-level WARN build.spec "$@"
