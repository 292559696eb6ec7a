"""Page benchmarks: 导出 on a first and a second visit, 数据填报 on an ordinary rerun and after a grid edit."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MAIN = str(ROOT / "app" / "ui" / "main.py")
EXPORT_REPORT = "county-department-2024.json"  # no open error: the page offers every download
SESSIONS = 3
RERUNS = 10
GOALS_MS = {"export_first": 1000.0, "export_again": 300.0, "tables_rerun": 150.0}


def _verdict(ms: float, goal: str) -> str:
    return f"目标 < {GOALS_MS[goal]:.0f} ms，{'达标' if ms < GOALS_MS[goal] else '未达标'}"


def _session(report_id: int | None = None):
    from streamlit.testing.v1 import AppTest

    from app.storage import Store

    at = AppTest.from_file(MAIN, default_timeout=120)
    at.session_state["who"] = "基准"
    at.session_state["role"] = "reviewer"
    at.run()
    if report_id is not None:
        report, version = Store.open(os.environ["NIANBAO_DB"]).load(report_id)
        at.session_state["report_id"], at.session_state["report"] = report_id, report
        at.session_state["version"] = version
    return at


def _type_cell(at, value: str) -> None:
    """What the browser sends after a cell of 表三's first block was typed (saved when 保存表格 is pressed)."""
    epoch = at.session_state["grid_epoch"] if "grid_epoch" in at.session_state else 0
    at.session_state[f"grid:三:intake:{epoch}"] = {
        "edited_rows": {0: {"自然人": value}},
        "added_rows": [],
        "deleted_rows": [],
    }


def _timed(at, page: str) -> float:
    at.switch_page(f"pages/{page}.py")
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    assert not at.exception, at.exception
    return seconds


def bench_pages() -> None:
    print("== 页面（服务端，Streamlit AppTest 计时）")
    with tempfile.TemporaryDirectory(prefix="nianbao-pages-") as tmp:
        os.environ["NIANBAO_DB"] = f"sqlite:///{tmp}/bench.db"
        from app.storage import Store

        _session()  # the first start stores the examples
        store = Store.open(os.environ["NIANBAO_DB"])
        rid = next(i.id for i in store.list_reports() if i.year == 2024)
        first, again = [], []
        _timed(_session(rid), "export")  # warm: imports, templates
        for _ in range(SESSIONS):
            at = _session(rid)
            first.append(_timed(at, "export"))
            _timed(at, "versions")
            again.append(_timed(at, "export"))
        ms = statistics.median(first) * 1000
        print(
            f"  「导出」首次打开（{EXPORT_REPORT}）：{ms:.0f} ms（{SESSIONS} 个会话中位数；{_verdict(ms, 'export_first')}）"
        )
        ms = statistics.median(again) * 1000
        print(f"  「导出」再次打开（同一版本）：{ms:.0f} ms（{_verdict(ms, 'export_again')}）")

        at = _session()
        _timed(at, "tables")
        reruns = []
        for _ in range(RERUNS):
            started = time.perf_counter()
            at.run()
            reruns.append(time.perf_counter() - started)
        ms = statistics.median(reruns) * 1000
        print(f"  「数据填报」重绘（无修改）：{ms:.0f} ms（{RERUNS} 次中位数；{_verdict(ms, 'tables_rerun')}）")
        edits = []
        for i in range(RERUNS):
            _type_cell(at, str(40 + i % 2))
            started = time.perf_counter()
            at.button(key="tables:save_top").click().run()  # 保存表格: save, check, redraw
            edits.append(time.perf_counter() - started)
            assert not at.exception and at.session_state["report"].value("三", "received.natural_person") == 40 + i % 2
        ms = statistics.median(edits) * 1000
        print(f"  「数据填报」改一格 → 保存 → 检查 → 重绘：{ms:.0f} ms（{RERUNS} 次中位数）")


if __name__ == "__main__":
    bench_pages()
