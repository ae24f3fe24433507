#!/usr/bin/env bash
# Everything CI checks: lint, types, the import contract and the whole test
# suite (including the integration tests against a real, private RT 5).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff" && .venv/bin/ruff check .
echo "== ruff format" && .venv/bin/ruff format --check .
echo "== mypy" && .venv/bin/mypy
echo "== import contracts" && .venv/bin/lint-imports
echo "== pytest" && .venv/bin/pytest "$@"
