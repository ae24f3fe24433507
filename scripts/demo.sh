#!/usr/bin/env bash
# The FieldDesk demo: a private RT 5 helpdesk on 127.0.0.1 with sample visits
# and knowledge base, and the app signed in as the technician Alice.
# Extra arguments go to `fielddesk-devrt demo` (e.g. --user bob, --screenshot demo.png).
set -euo pipefail
case "${1:-}" in
  -h | --help)  # said before anything is installed
    cat <<'USAGE'
Usage: scripts/demo.sh [--user alice|bob|carol|supervisor] [--screenshot FILE.png] [--dir DIR]

Installs or upgrades what FieldDesk needs (scripts/setup.sh), starts a private RT 5
helpdesk on 127.0.0.1 with sample visits and knowledge base, and opens FieldDesk
signed in as the sample technician (alice unless --user says otherwise).

  --user NAME         sign in as another sample user (supervisor: the dispatch board)
  --screenshot FILE   save a picture of the window to FILE instead of showing it
                      (a relative FILE is taken from where you run this script)
  --dir DIR           where the private helpdesk lives (default ~/.local/share/FieldDesk/devrt)

The helpdesk keeps running after the window closes:
  .venv/bin/fielddesk-devrt down      stops it
USAGE
    exit 0
    ;;
esac
# A relative --screenshot path is the caller's, not the repository's.
args=()
while (($#)); do
  if [[ "$1" == --screenshot && $# -ge 2 && "$2" != /* ]]; then
    args+=("$1" "$PWD/$2")
    shift 2
  else
    args+=("$1")
    shift
  fi
done
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/fielddesk-devrt demo ${args[@]+"${args[@]}"}
