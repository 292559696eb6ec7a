#!/usr/bin/env bash
# Set up everything the tests need and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
bash scripts/setup.sh
.venv/bin/ruff check app schemas tests benchmarks evals
.venv/bin/ruff format --check app schemas tests benchmarks evals
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "没有运行任何测试" >&2
  exit 1
fi
exit "$rc"
