#!/usr/bin/env bash
# Everything CI checks: lint, types, the import contract and the test suite in two
# passes: the whole suite against a private RT 5 on SQLite, then the sync, fault and
# dispatch tests (tests/integration, tests/faults) again against RT on PostgreSQL,
# with the fleet soak (tests/soak: 8 technicians and a supervisor at once on one RT).
# The soak runs only on PostgreSQL, as a fleet's helpdesk would: RT on SQLite locks
# the whole database for each write, so nine laptops syncing at once measure SQLite.
#
# Arguments go to pytest in both passes (-x, -k EXPR, -m "not rt", ...).  Test paths
# among them (files or directories that exist) choose the tests: the PostgreSQL pass
# then runs those under tests/integration, tests/faults or tests/soak, or none.
# RT_DATABASES="sqlite" skips the PostgreSQL pass (default: "sqlite postgresql").
#
# Each pass runs on every core (pytest-xdist, at most 4 workers; TEST_WORKERS=0 runs
# them in pytest's own process).  A worker takes whole files, so a module's RT data and synced profiles
# are made once, and starts its own private RT: the tests mostly wait on RT, one
# core each, and the suite took 61 min in one process on CI's 2 cores, 36 in two.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --for-tests # with PostgreSQL and nginx, which only the tests use
export QT_QPA_PLATFORM=offscreen
echo "== ruff" && .venv/bin/ruff check .
echo "== ruff format" && .venv/bin/ruff format --check .
echo "== mypy" && .venv/bin/mypy
echo "== import contracts" && .venv/bin/lint-imports

pg_paths=() pg_options=() paths_given=0
for arg in "$@"; do
  if [[ $arg != -* && -e ${arg%%::*} ]]; then
    paths_given=1
    case ${arg#./} in tests/integration* | tests/faults* | tests/soak*) pg_paths+=("$arg") ;; esac
  else
    pg_options+=("$arg")
  fi
done
sqlite_only=()
if ((!paths_given)); then
  # The soak first: its two long files start at once beside the rest instead of
  # after it (it came last, with one worker idle for ~10 min of a 37-min pass).
  pg_paths=(tests/soak tests/integration tests/faults)
  sqlite_only=(--ignore=tests/soak)
fi

failed=0 summary=()
workers=(--numprocesses "${TEST_WORKERS:-auto}" --maxprocesses 4 --dist loadfile)
run_pass() {  # name, pytest arguments...
  local name=$1 started=$SECONDS status=0
  shift
  echo "== pytest: $name"
  .venv/bin/pytest "${workers[@]}" "$@" || status=$?
  ((status == 5)) && status=0 # the arguments selected no test of this pass
  summary+=("$name: $((SECONDS - started)) s, $([[ $status == 0 ]] && echo passed || echo FAILED)")
  ((status == 0)) || failed=1
}
for database in ${RT_DATABASES:-sqlite postgresql}; do
  case $database in
    sqlite) run_pass "RT on SQLite" ${sqlite_only[@]+"${sqlite_only[@]}"} "$@" ;;
    postgresql)
      if ((${#pg_paths[@]})); then
        run_pass "RT on PostgreSQL" "${pg_paths[@]}" --rt-database=postgresql \
          ${pg_options[@]+"${pg_options[@]}"}
      fi
      ;;
    *) echo "RT_DATABASES: unknown database '$database' (sqlite, postgresql)" >&2 && exit 2 ;;
  esac
done
printf '== %s\n' "${summary[@]}"
exit "$failed"
