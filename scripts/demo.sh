#!/usr/bin/env bash
# The FieldDesk demo: a private RT 5 helpdesk on 127.0.0.1 with sample visits
# and knowledge base, and the app signed in as the technician Alice.
# Extra arguments go to `fielddesk-devrt demo` (e.g. --user bob, --screenshot demo.png).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/fielddesk-devrt demo "$@"
