#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it. Tests start the services they
# need themselves (pcscd + vpcd, the loopback printer, the reference platform).
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
.venv/bin/python -m pytest -p no:cacheprovider "$@"
rc=$?
# pytest exits 5 when it collected no test: that is a failure for us.
[ $rc -eq 5 ] && { echo "no tests were collected" >&2; exit 1; }
exit $rc
