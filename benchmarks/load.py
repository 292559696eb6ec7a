"""A bounded load test of one app process: 20 sessions at once on 127.0.0.1 only, each opening the workspace's main
pages in turn; prints p50/p95 per page, the app process's CPU time and memory (RSS before, peak, after). Stops by
itself: a fixed number of rounds and an overall time limit.

Two kinds of session, each against a fresh app process:
- websocket: a client speaking Streamlit's own protocol (what the browser sends when a page is opened; nothing is
  drawn), timed until the server says the page's script run has finished — the server's share;
- browser: Debian's chromium, one context per session at 1280×720, timed until the page is drawn — end to end,
  with 20 pages drawn on the same cores as the server.

.venv/bin/python benchmarks/load.py [--client websocket|browser|both] [--sessions 20] [--rounds 2] [--db URL]
(also `benchmarks/run.py --load`)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_ARGS, FONTS_CONF, HEADINGS, AppServer  # noqa: E402

VIEWPORT = {"width": 1280, "height": 720}
# the main pages in the order a clerk goes through them; (sidebar name, a text that shows when the page is drawn)
PAGES = (
    ("基本信息", None),
    ("数据填报", "检查结果"),
    ("起草", None),
    ("审核", "正文"),
    ("导出", "预览"),
    ("版本记录", None),
    ("首页", None),
)
PAGE_TIMEOUT_MS = 120_000  # one page under 20 sessions on a 2-core machine
TIME_LIMIT = 900.0  # seconds for the whole run; what has not finished then is counted as not finished


# ---------------------------------------------------------------- the app process's memory


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _group(pgid: int) -> list[int]:
    """The processes of process group ``pgid`` (`nianbao app` and the Streamlit server it starts)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        if int(fields[2]) == pgid:
            pids.append(int(entry.name))
    return pids


TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of ``pids`` so far."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def _machine_busy_seconds() -> float:
    """CPU time the whole machine has spent not idle, over all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / TICK  # less idle and iowait


class Memory:
    """RSS of the app's process group (sum), sampled every 0.2 s in a thread for the peak."""

    def __init__(self, pgid: int) -> None:
        self.pgid = pgid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def now(self) -> int:
        return sum(_rss_kb(pid) for pid in _group(self.pgid))

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.now())
            self._stop.wait(0.2)

    def __enter__(self) -> Memory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------- one session


async def _settle(page) -> None:
    from playwright.async_api import expect

    app = page.get_by_test_id("stApp")
    await expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    await expect(app).to_have_attribute("data-test-script-state", "notRunning")
    await expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


async def _go(page, title: str, text: str | None) -> None:
    """Click ``title`` in the sidebar; wait for its heading (and ``text``) and the end of the script run."""
    from playwright.async_api import expect

    await page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(f"{title}$")).click()
    heading = HEADINGS.get(title, title)
    await expect(page.get_by_test_id("stHeading").filter(has_text=heading).first).to_be_visible()
    if text:
        await page.get_by_text(text).first.wait_for()
    await _settle(page)


async def _session(browser, url: str, rounds: int, times: dict[str, list[float]], failures: list[str]) -> None:
    from playwright.async_api import expect

    context = await browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    expect.set_options(timeout=PAGE_TIMEOUT_MS)
    try:
        page = await context.new_page()
        started = time.perf_counter()
        await page.goto(url)
        await page.get_by_text("新建报告").first.wait_for()
        await _settle(page)
        times["首次打开"].append(time.perf_counter() - started)
        for _ in range(rounds):
            for title, text in PAGES:
                started = time.perf_counter()
                try:
                    await _go(page, title, text)
                except Exception as error:  # noqa: BLE001 - counted and named, the other sessions go on
                    failures.append(f"{title}：{type(error).__name__}")
                    continue
                times[title].append(time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001
        failures.append(f"首次打开：{type(error).__name__}")
    finally:
        await context.close()


async def _warm_up(url: str, client: str) -> float:
    """One visit before the measured ones: the first session loads the examples and imports the pages' modules."""
    times, failures = _empty(), []
    started = time.perf_counter()
    await CLIENTS[client](url, 1, 0, times, failures)
    if failures:
        raise RuntimeError(f"第一次访问失败：{failures}")
    return time.perf_counter() - started


def _empty() -> dict[str, list[float]]:
    return {"首次打开": [], **{title: [] for title, _ in PAGES}}


async def _run(url: str, client: str, sessions: int, rounds: int) -> tuple[dict[str, list[float]], list[str], float]:
    times: dict[str, list[float]] = _empty()
    failures: list[str] = []
    wall = await CLIENTS[client](url, sessions, rounds, times, failures)
    return times, failures, wall


async def _all_at_once(sessions, failures: list[str]) -> float:
    """Run the ``sessions`` coroutines together; the wall time until all have finished (or the time limit)."""
    started = time.perf_counter()
    tasks = [asyncio.create_task(s) for s in sessions]
    _, pending = await asyncio.wait(tasks, timeout=TIME_LIMIT)
    for task in pending:
        task.cancel()
        failures.append(f"{TIME_LIMIT:.0f} 秒内没有完成的会话")
    await asyncio.gather(*pending, return_exceptions=True)
    return time.perf_counter() - started


# ---------------------------------------------------------------- the websocket client


async def _ws_open(ws, page_hash: str) -> tuple[str, list[tuple[str, str]]]:
    """Ask for a script run of the page ``page_hash`` ("" the default page) and read until it has finished; the
    run's end status (or the exception the page showed) and the app's pages (name, hash) when it sent them."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_script_hash = page_hash
    await ws.send(message.SerializeToString())
    pages: list[tuple[str, str]] = []
    problem = ""
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(ws.recv(), PAGE_TIMEOUT_MS / 1000))
        kind = forward.WhichOneof("type")
        if kind == "navigation":
            pages = [(p.page_name, p.page_script_hash) for p in forward.navigation.app_pages]
        elif kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
            problem = problem or f"异常 {forward.delta.new_element.exception.type}"
        elif kind == "page_not_found":
            problem = "页面不存在"
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
            return problem or ("" if status == "FINISHED_SUCCESSFULLY" else status), pages


async def _ws_session(url: str, rounds: int, times: dict[str, list[float]], failures: list[str]) -> None:
    import websockets

    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None) as ws:
            started = time.perf_counter()
            problem, pages = await _ws_open(ws, "")
            if problem:
                failures.append(f"首次打开：{problem}")
                return
            times["首次打开"].append(time.perf_counter() - started)
            hashes = dict(pages)
            for _ in range(rounds):
                for title, _text in PAGES:
                    started = time.perf_counter()
                    problem, _ = await _ws_open(ws, hashes[title])
                    if problem:
                        failures.append(f"{title}：{problem}")
                    else:
                        times[title].append(time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - counted and named, the other sessions go on
        failures.append(f"连接：{type(error).__name__}")


async def _websockets(url: str, sessions: int, rounds: int, times, failures: list[str]) -> float:
    """``sessions`` websocket sessions at once; the wall time until all have finished."""
    return await _all_at_once([_ws_session(url, rounds, times, failures) for _ in range(sessions)], failures)


# ---------------------------------------------------------------- the browser


async def _browsers(url: str, sessions: int, rounds: int, times, failures: list[str]) -> float:
    """``sessions`` browser sessions at once, each in its own context; the wall time until all have finished."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="nianbao-load-chromium-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        conf.write_text(FONTS_CONF, "utf-8")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                env={**os.environ, "FONTCONFIG_FILE": str(conf)},
            )
            wall = await _all_at_once(
                [_session(browser, url, rounds, times, failures) for _ in range(sessions)], failures
            )
            await browser.close()
    return wall


CLIENTS = {"websocket": _websockets, "browser": _browsers}
KINDS = {"websocket": "Streamlit 协议客户端（不画页面）", "browser": "浏览器会话（chromium 1280×720）"}


# ---------------------------------------------------------------- the figures


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def bench_load(sessions: int = 20, rounds: int = 2, db: str | None = None, client: str = "both") -> None:
    for kind in ("websocket", "browser") if client == "both" else (client,):
        _bench(kind, sessions, rounds, db)


def _bench(client: str, sessions: int, rounds: int, db: str | None) -> None:
    print(
        f"\n== 负载：一个应用进程，{sessions} 个{KINDS[client]}同时依次打开各主要页面，每个会话 {rounds} 轮，"
        "只连 127.0.0.1"
    )
    if client == "browser" and not CHROMIUM.exists():
        print(f"  跳过：没有 {CHROMIUM}（bash scripts/system-packages.sh 安装）")
        return
    with tempfile.TemporaryDirectory(prefix="nianbao-load-") as tmp:
        work = Path(tmp)
        app = AppServer(db_url=db or f"sqlite:///{work}/load.db", workdir=work / "app").start()
        try:
            memory = Memory(app.process.pid)
            started = memory.now()
            warm = asyncio.run(_warm_up(app.url, client))
            before = memory.now()
            pids = _group(app.process.pid)
            cpu, busy = _cpu_seconds(pids), _machine_busy_seconds()
            with memory:
                times, failures, wall = asyncio.run(_run(app.url, client, sessions, rounds))
            cpu, busy = _cpu_seconds(pids) - cpu, _machine_busy_seconds() - busy
            time.sleep(2)
            after = memory.now()
        finally:
            app.stop()
    opened = sum(len(v) for v in times.values())
    unfinished = f"（{'，'.join(failures[:5])}）" if failures else ""
    print(f"  共打开 {opened} 次页面，用时 {wall:.1f} s；未完成 {len(failures)} 次{unfinished}")
    print(f"  冷启动后第一次访问（载入示例、首次导入，不计入下面）：{warm:.1f} s")
    until = "服务器运行完页面脚本" if client == "websocket" else "页面画完"
    print(f"  每页从请求到{until}：")
    every = [v for values in times.values() for v in values]
    for title, values in (*times.items(), ("全部页面", every)):
        if values:
            print(
                f"    {title}：p50 {statistics.median(values):.2f} s，p95 {_percentile(values, 0.95):.2f} s，"
                f"最慢 {max(values):.2f} s（{len(values)} 次）"
            )
    print(
        f"  CPU：应用进程 {cpu:.0f} s，为墙钟的 {cpu / wall:.0%}（一个进程的 Python 代码同一时刻基本只用一个核）；"
        f"整台机器 {busy:.0f} s（{os.cpu_count()} 核合计，含{'客户端' if client == 'websocket' else '浏览器画页面'}和本机其他程序）"
    )
    print(
        f"  应用进程内存（RSS，nianbao app 及其 Streamlit 服务）：启动后 {_mb(started)}，第一次访问后 {_mb(before)}，"
        f"峰值 {_mb(memory.peak)}，会话全部关闭 2 秒后 {_mb(after)}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--db", default=None, help="数据库 URL（默认临时目录中新的 SQLite 文件）")
    parser.add_argument("--client", choices=("websocket", "browser", "both"), default="both")
    args = parser.parse_args()
    bench_load(args.sessions, args.rounds, args.db, args.client)
