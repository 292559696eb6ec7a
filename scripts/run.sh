#!/usr/bin/env bash
# Set up and check the example report (the workspace app arrives in a later version).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/nianbao check examples/county-department-2025-with-errors.json "$@" || true
