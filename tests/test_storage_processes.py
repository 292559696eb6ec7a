"""Several app processes on one database: opening a new database at the same moment (an office starting its
processes behind a proxy, the first two users arriving together), each process creates the tables if missing and
loads the examples into an empty database — all of them must come up, and the examples must be there once; a
reviewer whose page shows an older version cannot approve a section another editor has changed since. On SQLite
and on a throwaway PostgreSQL (the fixtures of tests/test_storage.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.drafting.sections import section_text, with_section_text
from app.storage import ConflictError
from app.storage.repository import Store
from tests import test_storage as storage_tests
from tests.test_storage import example

postgres, new_url, open_store = storage_tests.postgres, storage_tests.new_url, storage_tests.open_store
clock, store = storage_tests.clock, storage_tests.store

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


def test_a_section_changed_since_the_reviewer_read_it_is_not_approved(store: Store):
    rid = store.create_report(example(), who="张敏", role="clerk")
    report, read = store.load(rid)  # the reviewer's page shows this version
    changed = with_section_text(report, "六", section_text(report, "六") + "\n本年度另有一项需要报告的事项。")
    store.save(rid, changed, expected_version=read, who="张敏", role="clerk")
    with pytest.raises(ConflictError) as caught:
        store.approve(rid, "六", who="李强", role="reviewer", expected_version=read)
    assert f"保存为第 {read + 1} 版" in str(caught.value) and f"你编辑的是第 {read} 版" in str(caught.value)
    assert not store.reviews(rid).get("六") or not store.reviews(rid)["六"].approved
    store.approve(rid, "六", who="李强", role="reviewer", expected_version=read + 1)  # after reading the new one
    assert store.reviews(rid)["六"].approved
