"""Export benchmarks: milliseconds per report for Word, HTML, Markdown, Excel, revision marks and PDF."""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.export import ExportError, export  # noqa: E402
from app.export.revisions import draft_texts  # noqa: E402
from app.importers import read_report  # noqa: E402

EXAMPLES = ROOT / "examples"
REPORTS = ("county-department-2025.json", "county-department-2025-with-errors.json", "qihuxiang-2020.json")
RUNS = 15
PDF_RUNS = 3
GOALS_MS = {"docx": 150.0, "html": 20.0, "md": 10.0}
LABELS = {
    "docx": "Word（.docx）",
    "html": "网页（.html）",
    "md": "Markdown（.md）",
    "xlsx": "Excel（.xlsx）",
    "tracked": "Word 修订标记（.docx，四个部分）",
    "pdf": "PDF（经 LibreOffice）",
}


def _median_ms(work, runs: int) -> float:
    work()  # warm: imports, template compilation, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_export() -> None:
    """Print the median time of one export per format over the example reports, against the goals."""
    reports = [read_report(EXAMPLES / name) for name in REPORTS]
    county = reports[0]
    drafts = {s: text.replace("。", "，并持续改进。", 1) for s, text in draft_texts(county, county).items()}
    print(f"== 导出（{len(reports)} 份示例年报，每种格式 {RUNS} 次中位数，毫秒/份）")
    for fmt in ("docx", "html", "md", "xlsx"):
        per_report = [_median_ms(lambda r=r, f=fmt: export(r, f), RUNS) for r in reports]
        worst = max(per_report)
        goal = GOALS_MS.get(fmt)
        verdict = "" if goal is None else f"（目标 < {goal:g} ms，{'达标' if worst < goal else '未达标'}）"
        shown = " / ".join(f"{ms:.1f}" for ms in per_report)
        print(f"  {LABELS[fmt]}：{shown} ms{verdict}")
    tracked = _median_ms(lambda: export(county, "docx", drafts=drafts, author="审核人"), RUNS)
    print(f"  {LABELS['tracked']}：{tracked:.1f} ms")
    if shutil.which("soffice") is None:
        print(f"  {LABELS['pdf']}：未安装 LibreOffice，跳过")
        return
    try:
        pdf = _median_ms(lambda: export(county, "pdf"), PDF_RUNS)
    except ExportError as e:
        print(f"  {LABELS['pdf']}：失败（{e}）")
        return
    print(f"  {LABELS['pdf']}：{pdf:.0f} ms（{PDF_RUNS} 次中位数，含启动 LibreOffice）")


if __name__ == "__main__":
    bench_export()
