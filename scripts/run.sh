#!/usr/bin/env bash
# Set up and start the workspace app (http://127.0.0.1:8501); the first start loads the example reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/nianbao app "$@"
