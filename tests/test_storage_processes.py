"""Several app processes opening one new database at the same moment (an office starting its processes behind a
proxy, the first two users arriving together): each process creates the tables if missing and loads the examples
into an empty database. All of them must come up, and the examples must be there once — on SQLite and on a
throwaway PostgreSQL (the fixtures of tests/test_storage.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.storage.repository import Store
from tests import test_storage as storage_tests

postgres, new_url = storage_tests.postgres, storage_tests.new_url

ROOT = Path(__file__).resolve().parents[1]
PROCESSES, ROUNDS = 3, 3
# what the app does in each process on its first session (app/ui/state.py's cached store), started together
_FIRST_SESSION = """
import json, sys, time
start = float(sys.argv[2])
from app.storage.repository import Store
from app.ui.state import seed_examples
time.sleep(max(0.0, start - time.time()))
try:
    store = Store.open(sys.argv[1])
    if not store.list_reports():
        seed_examples(store)
    print(json.dumps({"ok": True}))
except Exception as error:
    print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {str(error)[:300]}"}, ensure_ascii=False))
"""


@pytest.mark.slow
def test_processes_opening_a_new_database_at_once_all_start_and_load_the_examples_once(
    new_url: Callable[[], str],
):
    for _ in range(ROUNDS):
        url = new_url()
        start = time.time() + 3  # after every interpreter has imported the app
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _FIRST_SESSION, url, str(start)], cwd=ROOT, stdout=subprocess.PIPE, text=True
            )
            for _ in range(PROCESSES)
        ]
        results = [json.loads(child.communicate(timeout=120)[0].strip().splitlines()[-1]) for child in children]
        assert [r for r in results if not r["ok"]] == []
        store = Store.open(url)
        try:
            reports = store.list_reports()
            assert sorted((i.year, i.agency, i.current_version) for i in reports) == [
                (2024, "示例县市场监督管理局", 1),
                (2025, "示例县市场监督管理局", 1),
            ]
            assert len(store.list_units()) == 1
        finally:
            store.close()
