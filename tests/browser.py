"""Browser-test helpers: the app in its own process, Debian's chromium driven by Playwright, Streamlit-aware waits.

Never `playwright install`: the tests drive /usr/bin/chromium (scripts/system-packages.sh installs it).
Screenshots and the app's output go to test-artifacts/browser/ (gitignored); with NIANBAO_UPDATE_DOCS=1 the
README's screenshots are copied to docs/.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.llm_server import LLMServer

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
DOCS = ROOT / "docs"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]
# Chromium falls back to the first CJK font of fontconfig's generic list for pages without lang="zh"
# (Streamlit's are lang="en"): AR PL KaitiM GB, a brush script. Noto Sans CJK SC first, as a Chinese
# Windows or macOS browser would use its own sans-serif font (微软雅黑 / 苹方).
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="strong"><family>sans-serif</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="strong"><family>serif</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="strong"><family>monospace</family><prefer><family>Noto Sans Mono CJK SC</family></prefer></alias>
</fontconfig>
"""
HEADINGS = {"首页": "政府信息公开工作年度报告"}  # where a page title differs from its sidebar name
WAIT_MS = 30_000  # one rerun, one save, one page switch: generous on a 2-core machine


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"缺少 {CHROMIUM}：浏览器测试需要 Debian 的 chromium，请先运行 bash scripts/system-packages.sh")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- the app


@dataclass
class AppServer:
    """`nianbao app` on 127.0.0.1 with its own database; stdout/stderr kept in files."""

    db_url: str
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.workdir / "app.log"

    def start(self, timeout: float = 90) -> AppServer:
        self.port = self.port or free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "OPENAI_", "STREAMLIT_"))}
        env.pop("DATABASE_URL", None)
        env.update(
            PYTHONUNBUFFERED="1",
            STREAMLIT_SERVER_FILE_WATCHER_TYPE="none",  # a file edited during the run must not reload the app
            STREAMLIT_CLIENT_TOOLBAR_MODE="minimal",  # no "Deploy" button on the screenshots
        )
        env.update(self.env)
        nianbao = Path(sys.executable).with_name("nianbao")
        if nianbao.exists():  # what the README runs
            cmd = [str(nianbao), "app", "--host", "127.0.0.1", "--port", str(self.port), "--db", self.db_url]
        else:
            env["NIANBAO_DB"] = self.db_url
            cmd = [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "ui" / "main.py"),
                "--server.address", "127.0.0.1", "--server.port", str(self.port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ]  # fmt: skip
        self.workdir.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            # its own process group: `nianbao app` starts streamlit as a child, and both must go at the end
            self.process = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"应用启动失败（退出码 {self.process.returncode}）：\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200 and r.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"应用 {timeout:.0f} 秒内没有就绪：\n{self.output()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace") if self.log.exists() else ""


# ---------------------------------------------------------------- the browser


def launch_chromium(playwright, workdir: Path):
    require_chromium()
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "fonts.conf"
    conf.write_text(FONTS_CONF, "utf-8")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        env={**os.environ, "FONTCONFIG_FILE": str(conf)},
    )


class RunTracker:
    """What the page asked of the app's server and what the server has done, read off the Streamlit WebSocket.

    A click, an Enter or a page switch sends a ``rerun_script`` message; the server answers with ``new_session``
    when the run starts and ``script_finished`` when it ends. ``idle`` holds once a run that started after the
    page's last request has finished successfully (a run ended early for a newer request, a fragment's run and a
    script that does not compile do not count).
    """

    def __init__(self) -> None:
        self.requested = 0  # rerun requests sent
        self.answered = 0  # requests known to be served by a finished run
        self._started_for = 0  # requests sent before the run now going started

    @property
    def idle(self) -> bool:
        return self.answered >= self.requested

    def watch(self, websocket) -> None:
        if websocket.url.endswith("/_stcore/stream"):
            websocket.on("framesent", self._sent)
            websocket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if not isinstance(payload, bytes):
            return
        msg = BackMsg.FromString(payload)
        if msg.WhichOneof("type") == "rerun_script" and not msg.rerun_script.fragment_id:
            self.requested += 1  # (a fragment's own reruns, every second while a reply is awaited, are not actions)

    def _received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if not isinstance(payload, bytes):
            return
        msg = ForwardMsg.FromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._started_for = self.requested
        elif kind == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            self.answered = max(self.answered, self._started_for)


class UI:
    """One browser session of the app, with the waits Streamlit needs."""

    def __init__(self, page, base_url: str, artifacts: Path = ARTIFACTS) -> None:
        from playwright.sync_api import expect

        self.page = page
        self.base_url = base_url
        self.artifacts = artifacts
        self.shots: list[Path] = []
        # the saved version of the open report (the test reads it from the database: the sidebar caption is
        # drawn before a grid edit is saved, so it may show the version before)
        self.saved_version: Callable[[], int] | None = None
        self.runs = RunTracker()
        page.on("websocket", self.runs.watch)
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)

    # -- waiting

    def settle(self) -> None:
        """Wait until the run asked for by the last action has finished and nothing is left as a loading skeleton.

        The page's own 「notRunning」 mark alone is not enough: right after a click or an Enter it still shows the
        run before, until the server has started the new one (a wait that returns then lets the next action land
        in the middle of a run, which under load loses it).
        """
        from playwright.sync_api import expect

        self.page.wait_for_timeout(30)  # the last action's message to the server is reported here first
        self.wait_until(lambda: self.runs.idle, "应用运行完上一步操作请求的脚本")
        app = self.page.get_by_test_id("stApp")
        expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
        expect(app).to_have_attribute("data-test-script-state", "notRunning")
        expect(self.page.get_by_test_id("stSkeleton")).to_have_count(0)

    def wait_text(self, text: str | re.Pattern, *, within=None) -> None:
        (within or self.page).get_by_text(text).first.wait_for()
        self.settle()

    # -- moving around

    def open(self) -> None:
        self.page.goto(self.base_url)
        self.wait_text("新建报告")

    def go(self, title: str, expect_text: str | re.Pattern | None = None) -> None:
        """Switch page through the sidebar navigation; wait for its heading (and ``expect_text``)."""
        from playwright.sync_api import expect

        heading = HEADINGS.get(title, title)
        self.page.get_by_test_id("stSidebarNav").get_by_role("link", name=re.compile(f"{title}$")).click()
        expect(self.page.get_by_test_id("stHeading").filter(has_text=heading).first).to_be_visible()
        if expect_text:
            self.wait_text(expect_text)
        self.settle()

    @property
    def sidebar(self):
        return self.page.get_by_test_id("stSidebar")

    def identify(self, name: str, role: str = "经办人") -> None:
        """Fill 你的姓名 and pick 角色 where they are not already so."""
        box = self.sidebar.get_by_label("你的姓名")
        if box.input_value() != name:
            box.fill(name)
            box.press("Enter")
            self.settle()
        radio = self.sidebar.get_by_test_id("stRadio").get_by_text(role, exact=True)
        if not self.sidebar.get_by_role("radio", name=role).is_checked():
            radio.click()
            self.settle()

    def identity(self) -> tuple[str, str]:
        name = self.sidebar.get_by_label("你的姓名").input_value()
        role = next(r for r in ("经办人", "审核人") if self.sidebar.get_by_role("radio", name=r).is_checked())
        return name, role

    def version(self) -> int:
        if self.saved_version is not None:
            return self.saved_version()
        caption = self.sidebar.get_by_text(re.compile(r"当前报告：.*第 \d+ 版")).inner_text()
        return int(re.search(r"第 (\d+) 版", caption).group(1))

    def wait_until(self, predicate: Callable[[], object], what: str) -> None:
        """Poll ``predicate`` (the database, say) until it holds, keeping the page's events flowing."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"{WAIT_MS / 1000:.0f} 秒内没有等到：{what}")
            self.page.wait_for_timeout(100)

    def wait_version(self, version: int, saved: str | None = None) -> None:
        """Wait until version ``version`` is saved (and the toast 已保存：``saved``（第 n 版） shows), then the rerun."""
        from playwright.sync_api import expect

        self.wait_until(lambda: self.version() >= version, f"第 {version} 版保存")
        if saved is not None:
            expect(
                self.page.get_by_test_id("stToast").filter(has_text=f"已保存：{saved}（第 {version} 版）")
            ).to_be_visible()
        self.settle()

    # -- the data_editor grid (a canvas; the cells' text is also in a hidden accessibility table)

    def grid(self, index: int, count: int):
        """The ``index``-th of the page's ``count`` data_editor grids (in the official order of grids())."""
        from playwright.sync_api import expect

        editors = self.page.get_by_test_id("stDataFrame")
        expect(editors).to_have_count(count)
        return editors.nth(index)

    def select_cell(self, grid, row: int, col: int):
        """Select cell (row, col) (col 0 is the row labels) with the keyboard, which scrolls it into view."""
        from playwright.sync_api import expect

        grid.evaluate("e => e.scrollIntoView({block: 'center'})")
        first = grid.locator("#glide-cell-0-0")
        for attempt in range(5):
            # back to the top-left corner, then the first body row's label cell (header and rows are 35 px)
            grid.locator(".dvn-scroller").evaluate("e => { e.scrollTop = 0; e.scrollLeft = 0; }")
            first.wait_for(state="attached")
            box = grid.get_by_test_id("data-grid-canvas").bounding_box()
            self.page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
            try:  # the grid redraws after a scroll on the next frame: a click before that lands elsewhere
                expect(first).to_have_attribute("aria-selected", "true", timeout=2_000)
                break
            except AssertionError:
                if attempt == 4:
                    raise
        for _ in range(col):
            self.page.keyboard.press("ArrowRight")
        for _ in range(row):
            self.page.keyboard.press("ArrowDown")
        cell = grid.locator(f"#glide-cell-{col}-{row}")
        expect(cell).to_have_attribute("aria-selected", "true")
        return cell

    def cell_text(self, grid, row: int, col: int) -> str:
        return self.select_cell(grid, row, col).text_content() or ""

    def type_cell(self, grid, row: int, col: int, value: str) -> None:
        """Type ``value`` into cell (row, col) and press Enter: the grids are a form, nothing is saved yet."""
        from playwright.sync_api import expect

        self.select_cell(grid, row, col)
        self.page.keyboard.press("Enter")
        editor = self.page.locator("#portal input, #portal textarea").first
        editor.wait_for()
        editor.fill(value)
        editor.press("Enter")
        expect(self.page.locator("#portal input, #portal textarea")).to_have_count(0)

    def save_tables(self, saved: str | None = "表格") -> int:
        """Click 「保存表格」; wait for the new version (toast 已保存：``saved``) and the rerun."""
        before = self.version()
        self.page.get_by_role("button", name="保存表格").first.click()
        self.wait_version(before + 1, saved)
        return before + 1

    def edit_cell(self, grid, row: int, col: int, value: str, saved: str | None = "表格") -> int:
        """Type ``value`` into cell (row, col) and save the tables (one version)."""
        self.type_cell(grid, row, col, value)
        return self.save_tables(saved)

    # -- evidence

    def shot(self, name: str, *, full_page: bool = False, docs: str | None = None) -> Path:
        """A screenshot in test-artifacts/browser/; with NIANBAO_UPDATE_DOCS=1 also docs/``docs``."""
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"{len(self.shots) + 1:02d}-{name}.png"
        self.page.mouse.move(0, 0)  # no hover tooltips on the pictures
        self.page.screenshot(path=path, full_page=full_page)
        self.shots.append(path)
        if docs and os.environ.get("NIANBAO_UPDATE_DOCS") == "1":
            from PIL import Image

            with Image.open(path) as image:  # a 256-colour palette keeps the repository small and the text crisp
                image.convert("RGB").quantize(256).save(DOCS / docs, optimize=True)
        return path


LAPTOP = {"width": 1280, "height": 720}  # the size that matters most: a clerk's laptop, sidebar open
DESKTOP = {"width": 1440, "height": 1000}


@contextmanager
def open_ui(browser, base_url: str, request, viewport: dict | None = None, **context_args) -> Iterator[UI]:
    """A new browser context at ``viewport`` (the laptop's by default) on the app; its pages' screenshots are kept
    when the test failed."""
    context = browser.new_context(viewport=viewport or LAPTOP, locale="zh-CN", device_scale_factor=1, **context_args)
    failed_before = request.session.testsfailed
    try:
        yield UI(context.new_page(), base_url, ARTIFACTS / request.node.name)
    finally:
        if request.session.testsfailed > failed_before:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for n, page in enumerate(context.pages):
                page.screenshot(path=ARTIFACTS / f"{request.node.name}-failure-{n}.png", full_page=True)
        context.close()


def keep_logs(app: AppServer, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    if app.log.exists():
        shutil.copyfile(app.log, target)
    return target


def playwright_session() -> Iterator:
    """The sync Playwright driver (imported here so a missing package fails with a clear message)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.fail("缺少 playwright：请运行 .venv/bin/pip install -e '.[dev]'")
    with sync_playwright() as p:
        yield p


# ---------------------------------------------------------------- fixtures shared by the browser tests
# (used through `pytest_plugins = ["tests.browser"]` in tests/conftest.py)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    for playwright in playwright_session():
        chromium = launch_chromium(playwright, tmp_path_factory.mktemp("chromium"))
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def llm() -> Iterator[LLMServer]:
    server = LLMServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def app(tmp_path, llm, request) -> Iterator[AppServer]:
    server = AppServer(
        db_url=f"sqlite:///{tmp_path / 'nianbao.db'}",
        workdir=tmp_path / "app",
        env={
            "NIANBAO_LLM_PROVIDER": "vllm",
            "NIANBAO_LLM_BASE_URL": llm.base_url,
            "NIANBAO_LLM_MODEL": "test",
            "NIANBAO_LLM_TIMEOUT": "20",
        },
    )
    try:
        yield server.start()
    finally:
        server.stop()
        keep_logs(server, f"{request.node.name}-app.log")
