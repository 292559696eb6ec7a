"""Hostile strings in chromium at 1280×720: the HTML export, the Markdown export rendered with raw HTML allowed (as a
CMS would), and the chat with a prompt-injected model reply. No dialog opens, and no request leaves for any host but
the app's: a planted URL points at a local server the test watches, which must get no hit."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from app.export import export
from tests.browser import AppServer, free_port, keep_logs, open_ui
from tests.hostile_strings import MARKER, hostile
from tests.llm_server import LLMServer, Reply
from tests.test_hostile_output import hostile_report

pytestmark = pytest.mark.browser

CLERK = "张敏"
TABLES = 6  # the Markdown export's tables: 表二's four blocks, 表三 and 表四


class Watched:
    """A local HTTP server that records every request it gets (none is expected)."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
                pass

            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            do_POST = do_GET

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def watched() -> Iterator[Watched]:
    server = Watched()
    try:
        yield server
    finally:
        server.stop()


class Sentinel:
    """What a page did that it must not: dialogs opened, requests to hosts other than ``allowed``."""

    def __init__(self, page, allowed: set[str]) -> None:
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("request", lambda r: None if self._allowed(r.url, allowed) else self.requests.append(r.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    @staticmethod
    def _allowed(url: str, allowed: set[str]) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob", "about") or parts.netloc in allowed

    def assert_quiet(self, watched: Watched) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.requests == [], self.requests
        assert watched.hits == [], watched.hits


# what in an element could run or fetch: elements that load or script, links leaving the page, event handlers
# (Streamlit's own heading anchors, an <a href="#…"> with an <svg> icon, are the page's). With ``shown_urls``, a
# link that shows its own http(s) or mail address is let be: GFM makes one of a URL in the words, and it neither
# runs nor fetches; a link whose words hide where it goes (javascript:, or a text over another address) is not.
_ACTIVE_JS = r"""(root, shownUrls) => [...root.querySelectorAll('*')].flatMap(e => {
  const tag = e.tagName.toLowerCase(), found = [];
  // the Markdown renderer standing in for a CMS is Streamlit's: it draws the shortcode 「:streamlit:」 as its own
  // logo from a data: URI (no CMS has it, and it fetches nothing); any other picture counts
  if (shownUrls && tag === 'img' && (e.getAttribute('src') || '').startsWith('data:image/svg+xml')
      && e.closest('[data-testid="stMarkdownContainer"]')) return found;
  if (['script', 'img', 'iframe', 'object', 'embed', 'style', 'link', 'video', 'audio', 'form', 'image'].includes(tag))
    found.push(tag);
  if (tag === 'svg' && !e.closest('h1, h2, h3, h4, h5, h6')) found.push('svg');
  const href = e.getAttribute('href') || '', words = e.textContent.trim();
  const address = /^(https?:\/\/|www\.)\S+$|^\S+@\S+$/i.test(words) && /^(https?:\/\/|mailto:)/i.test(href);
  const shown = shownUrls && address && words.includes(href.startsWith('mailto:') ? href.slice(7) : new URL(href).host);
  if (tag === 'a' && !href.startsWith('#') && !shown) found.push('a ' + href);
  for (const a of e.attributes)
    if (a.name.startsWith('on') || (['src', 'srcset', 'xlink:href', 'action'].includes(a.name))) found.push(tag + ' ' + a.name);
  return found;
})"""


def _active(locator, *, shown_urls: bool = False) -> list[str]:
    return locator.evaluate(_ACTIVE_JS, shown_urls)


def _settle(page, seconds: float = 1.5) -> None:
    """Time for anything lazy (an image's error handler, an iframe) to act."""
    page.wait_for_timeout(int(seconds * 1000))


def test_html_export_opened_in_chromium_runs_and_fetches_nothing(browser, watched, request):
    report = hostile_report()
    html = export(report, "html").decode("utf-8").replace("http://127.0.0.1:9", watched.url)
    with open_ui(browser, "about:blank", request) as ui:
        sentinel = Sentinel(ui.page, set())
        ui.page.set_content(html)
        _settle(ui.page)
        sentinel.assert_quiet(watched)
        assert MARKER in ui.page.inner_text("body")
        ui.shot("hostile-html-export")


RENDER_SCRIPT = """
import sys
from pathlib import Path
import streamlit as st
st.markdown(Path(sys.argv[1]).read_text("utf-8"), unsafe_allow_html=True)
"""


@pytest.fixture
def markdown_page(tmp_path, watched) -> Iterator[str]:
    """The Markdown export rendered by Streamlit's Markdown engine (GFM) with raw HTML allowed, in its own app."""
    md = export(hostile_report(), "md").decode("utf-8").replace("http://127.0.0.1:9", watched.url)
    assert md.count("\n| --- |") == TABLES
    (tmp_path / "report.md").write_text(md, "utf-8")
    (tmp_path / "render.py").write_text(RENDER_SCRIPT, "utf-8")
    port = free_port()
    log = (tmp_path / "render.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(tmp_path / "render.py"),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--",
            str(tmp_path / "report.md"),
        ],  # fmt: skip
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        server = AppServer(db_url="", workdir=tmp_path, port=port, process=process)
        server._wait_healthy(90)
        yield server.url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_markdown_export_rendered_with_raw_html_allowed_runs_and_fetches_nothing(
    browser, watched, markdown_page, request
):
    from playwright.sync_api import expect

    with open_ui(browser, markdown_page, request) as ui:
        sentinel = Sentinel(ui.page, {urlsplit(markdown_page).netloc})
        ui.page.goto(markdown_page)
        rendered = ui.page.get_by_test_id("stMarkdownContainer").first
        expect(rendered).to_contain_text("<script>alert('敌意字样1')</script>")  # shown as the words
        expect(rendered.locator("h2")).to_have_count(6)  # the official sections, no heading of the text's making
        expect(rendered.locator("table")).to_have_count(TABLES)  # none made by the text
        assert _active(rendered, shown_urls=True) == []
        for tag in ("code", "em", "blockquote", "ul", "ol"):  # nor formatting made of the text's punctuation
            expect(rendered.locator(tag)).to_have_count(0)
        _settle(ui.page)
        sentinel.assert_quiet(watched)
        ui.shot("hostile-markdown-export")


def test_chat_shows_a_prompt_injected_reply_as_words_and_fetches_nothing(
    browser, app: AppServer, llm: LLMServer, watched, request
):
    from playwright.sync_api import expect

    strings = hostile(watched.url)
    reply = "截止日期是1月31日。\n" + "\n".join(strings)
    llm.add(Reply(json.dumps({"answer": reply, "entries": ["deadline"]}, ensure_ascii=False)))
    with open_ui(browser, app.url, request) as ui:
        page = ui.page
        sentinel = Sentinel(page, {urlsplit(app.url).netloc})
        ui.open()
        ui.identify(CLERK)
        ui.go("起草", "起草全部正文")
        box = page.get_by_test_id("stChatInput").locator("textarea")
        box.fill("截止日期是哪天？" + strings[4])
        box.press("Enter")
        ui.wait_text(f"{MARKER}15")
        messages = page.get_by_test_id("stChatMessage")
        answer = messages.last
        expect(answer).to_contain_text("<script>alert('敌意字样1')</script>")
        expect(answer).to_contain_text(f"![{MARKER}5]({watched.url}/md-image.png?d=report-data)")
        for i in range(messages.count()):
            assert _active(messages.nth(i)) == []
        expect(page.locator(f"[src*='{watched.url}'], [href*='{watched.url}']")).to_have_count(0)
        expect(page.locator("[href^='javascript:' i]")).to_have_count(0)
        answer.scroll_into_view_if_needed()
        _settle(page)
        ui.shot("hostile-chat")
        sentinel.assert_quiet(watched)
    keep_logs(app, f"{request.node.name}-app.log")
    assert "Traceback" not in app.output()
