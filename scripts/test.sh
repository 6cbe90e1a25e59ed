#!/usr/bin/env bash
# The test command: set up a fresh Debian 12 machine (as root), start PostgreSQL, then lint,
# type-check and run the whole suite. The suite starts its own Dovecot + Postfix on loopback.
# Extra arguments go to pytest: scripts/test.sh tests/unit -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/postgres.sh
.venv/bin/ruff check .
.venv/bin/mypy
# pytest exits 5 when it ran no test: that is a failure here too.
.venv/bin/python -m pytest "$@"
