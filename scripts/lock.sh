#!/usr/bin/env bash
# Refresh requirements.lock: every dependency of the app, its bundle and its dev
# tools, pinned to one version with the hashes of its files, for every platform
# (Linux, Windows, macOS; Python 3.11+).  scripts/setup.sh installs exactly this
# (pip --require-hashes) and build.spec refuses a venv that differs from it.
#
# Routine (docs/release.md, "Dependencies"): run after changing dependencies in
# pyproject.toml, and monthly for security releases; review the diff, run
# scripts/check.sh, commit the lock with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x .venv/bin/uv ]] || scripts/setup.sh
.venv/bin/uv pip compile pyproject.toml --extra dev --universal --generate-hashes \
  --python-version 3.11 --upgrade --quiet --output-file requirements.lock "$@"
echo "requirements.lock refreshed; review 'git diff requirements.lock'" >&2
