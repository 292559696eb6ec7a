"""导出 and 数据填报 build a file only when it is downloaded, and never serve an earlier version's file or preview."""

from __future__ import annotations

import io
import zipfile

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import app.export as exporting
from app.export import ExportError, export
from app.importers import read_bytes
from app.storage import Store
from tests import test_ui as ui
from tests.test_ui import app

db = ui.db


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """The data callables the pages hand to ``st.download_button``, by file id: what a click in the browser runs."""
    found: dict = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data, *args, **kwargs):
        file_id = original(self, data, *args, **kwargs)
        found[file_id] = data
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return found


def _download(at: AppTest, deferred: dict, label: str) -> bytes:
    """What clicking the download button ``label`` gives the browser."""
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    return deferred[button.proto.deferred_file_id]()


def _contents(data: bytes) -> dict[str, bytes]:
    """An Office file's parts, without the creation time that differs between two builds of the same report."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _open(db: str, rid: int, page: str, *, role: str = "clerk") -> AppTest:
    at = app(role=role)
    report, version = Store.open(db).load(rid)
    at.session_state["report_id"], at.session_state["report"], at.session_state["version"] = rid, report, version
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _example_2024(db: str) -> int:
    """The stored example report without open errors (every download offered)."""
    app()  # the first start stores the examples
    return next(i.id for i in Store.open(db).list_reports() if i.year == 2024)


def _preview(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_each_download_gives_what_export_gives_for_the_current_version(db, deferred):
    rid = _example_2024(db)
    at = _open(db, rid, "export")
    report = Store.open(db).load(rid)[0]
    assert _download(at, deferred, "网页（可粘贴到网站）") == export(report, "html")
    assert _download(at, deferred, "Markdown") == export(report, "md")
    assert _contents(_download(at, deferred, "Word（公文格式）")) == _contents(export(report, "docx"))
    assert _contents(_download(at, deferred, "Excel 统计表")) == _contents(export(report, "xlsx"))
    assert export(report, "html").decode("utf-8") in _preview(at)


def test_visiting_export_builds_no_file_until_one_is_downloaded(db, deferred, monkeypatch):
    rid = _example_2024(db)
    calls: list[str] = []

    def counting(report, fmt, **kwargs):
        calls.append(fmt)
        return export(report, fmt, **kwargs)

    monkeypatch.setattr(exporting, "export", counting)
    at = _open(db, rid, "export")
    assert calls == ["html"]  # the preview only
    at.switch_page("pages/versions.py").run()
    at.switch_page("pages/export.py").run()
    assert calls == ["html"]  # the same version again: the preview is kept
    first = _download(at, deferred, "Word（公文格式）")
    assert calls == ["html", "docx"]
    assert _download(at, deferred, "Word（公文格式）") == first and calls == ["html", "docx"]


def test_after_a_save_the_preview_and_downloads_show_the_new_version(db, deferred):
    rid = _example_2024(db)
    at = _open(db, rid, "export", role="reviewer")
    added = "全年组织政府信息公开专题学习共十二次。"
    assert added not in _preview(at)
    _download(at, deferred, "Word（公文格式）")  # built and kept for this version

    at.switch_page("pages/review.py").run()
    key = next(t.key for t in at.text_area if t.key.startswith("final:一:"))
    at.text_area(key=key).input(at.text_area(key=key).value + "\n" + added).run()
    at.button(key="save:一").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/export.py").run()
    assert not at.exception, at.exception

    assert added in _preview(at)
    assert added in "\n".join(read_bytes(_download(at, deferred, "Word（公文格式）"), "x.docx").overview.paragraphs())
    assert added.encode("utf-8") in _download(at, deferred, "Markdown")


def test_a_refused_save_under_the_same_version_is_not_hidden_by_the_kept_preview(db):
    rid = _example_2024(db)
    at = _open(db, rid, "export")
    report = at.session_state["report"].model_copy(deep=True)
    report.meta.agency = "未保存的单位名称"
    at.session_state["report"] = report  # what a refused save leaves: unsaved text, the version unchanged
    at.run()
    assert "未保存的单位名称" in _preview(at)


def test_pdf_is_built_when_asked_and_a_failure_is_shown_in_place(db, monkeypatch):
    rid = _example_2024(db)

    def no_pdf(report, fmt, **kwargs):
        if fmt == "pdf":
            raise ExportError("未找到 LibreOffice（soffice），无法生成 PDF。")
        return export(report, fmt, **kwargs)

    monkeypatch.setattr(exporting, "export", no_pdf)
    at = _open(db, rid, "export")
    assert "PDF" not in [b.proto.label for b in at.get("download_button")]
    at.button(key="prepare:pdf").click().run()
    assert not at.exception, at.exception
    assert any("未找到 LibreOffice" in c.value for c in at.caption)

    monkeypatch.setattr(
        exporting, "export", lambda report, fmt, **kwargs: b"%PDF-1.7" if fmt == "pdf" else export(report, fmt)
    )
    other = _open(db, rid, "export")
    other.button(key="prepare:pdf").click().run()
    assert "PDF" in [b.proto.label for b in other.get("download_button")]


def test_tables_build_the_excel_template_only_when_it_is_downloaded(db, deferred, monkeypatch):
    calls: list[str] = []

    def counting(report, fmt, **kwargs):
        calls.append(fmt)
        return export(report, fmt, **kwargs)

    monkeypatch.setattr(exporting, "export", counting)
    at = app("tables")
    at.run()
    version = at.session_state["version"]
    at.session_state["grid:三:intake:0"] = {
        "edited_rows": {0: {"自然人": "41"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="tables:save_top").click().run()
    assert not at.exception, at.exception
    assert at.session_state["version"] == version + 1  # the edit was saved: an ordinary save's rerun
    assert "xlsx" not in calls

    data = _download(at, deferred, "下载 Excel 填报模板（含当前数据）")
    assert calls.count("xlsx") == 1
    saved = Store.open(db).load(at.session_state["report_id"])[0]
    assert _contents(data) == _contents(export(saved, "xlsx"))
