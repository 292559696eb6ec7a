"""Page timings in a real browser (Debian's chromium at 1280×720): first load, a page switch, 导出, and a grid
edit until 「已保存」. What a clerk waits for, end to end (server and drawing); the AppTest figures of pages.py are
the server's share.

.venv/bin/python benchmarks/browser_pages.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, UI, AppServer, launch_chromium  # noqa: E402

VIEWPORT = {"width": 1280, "height": 720}


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _median(figures: list[float]) -> str:
    return f"{statistics.median(figures):.0f} ms（{len(figures)} 次中位数，最慢 {max(figures):.0f} ms）"


def bench_browser(runs: int = 3) -> None:
    print("== 页面（浏览器 1280×720，从点击到页面画完）")
    if not CHROMIUM.exists():
        print(f"  跳过：没有 {CHROMIUM}（bash scripts/system-packages.sh 安装）")
        return
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {"first": [], "switch": [], "export": [], "grid": []}
    with tempfile.TemporaryDirectory(prefix="nianbao-browser-bench-") as tmp:
        work = Path(tmp)
        app = AppServer(db_url=f"sqlite:///{work}/bench.db", workdir=work).start()
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, work)
                for run in range(runs):
                    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
                    page = context.new_page()
                    ui = UI(page, app.url, artifacts=work / "shots")
                    started = time.perf_counter()
                    ui.open()
                    figures["first"].append(_ms(started))
                    ui.identify("基准", "经办人")
                    started = time.perf_counter()
                    ui.go("基本信息")
                    figures["switch"].append(_ms(started))
                    started = time.perf_counter()
                    ui.go("导出", "预览")
                    figures["export"].append(_ms(started))
                    ui.go("数据填报")
                    grid = page.get_by_test_id("stDataFrame").first
                    ui.type_cell(grid, 0, 1, str(run + 1))
                    started = time.perf_counter()
                    page.get_by_role("button", name="保存表格").first.click()
                    page.get_by_text("已保存 ·").first.wait_for()
                    ui.settle()
                    figures["grid"].append(_ms(started))
                    context.close()
                browser.close()
        finally:
            app.stop()
    print(f"  首次打开（首页）：{_median(figures['first'])}")
    print(f"  切换页面（基本信息）：{_median(figures['switch'])}")
    print(f"  打开「导出」（含预览）：{_median(figures['export'])}")
    print(f"  表格修改 → 点「保存表格」→ 已保存：{_median(figures['grid'])}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    bench_browser(parser.parse_args().runs)
