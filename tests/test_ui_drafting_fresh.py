"""起草 shows each section's findings on its current text: an edit that removes a sentence removes its finding."""

from __future__ import annotations

from app.drafting.sections import section_text, with_section_text
from app.storage import Store
from tests import test_ui as ui
from tests.test_ui import app

db = ui.db

STALE = "本单位2023年度通过门户网站主动公开政府信息300条。"


def _drafted(db: str) -> tuple[Store, int]:
    """The example report with every section drafted offline; the store and the report's id."""
    at = app("drafting")
    at.button[0].click().run()  # 起草全部正文
    assert not at.exception, at.exception
    return Store.open(db), at.session_state["report_id"]


def _save_text(store: Store, rid: int, section: str, text: str) -> None:
    report, version = store.load(rid)
    store.save(rid, with_section_text(report, section, text), expected_version=version, who="王审", role="reviewer")


def _shown(at) -> list[str]:
    return [e.value for e in (*at.error, *at.warning)]


def test_a_finding_goes_when_its_sentence_is_edited_away(db):
    store, rid = _drafted(db)
    drafted = section_text(store.load(rid)[0], "一")
    # a reviewer adds a sentence with last year's leftover year: 起草 shows it as an error at once
    _save_text(store, rid, "一", drafted + "\n" + STALE)
    at = app("drafting")
    assert any("2023年" in m and "与报告年度 2025 年不符" in m for m in _shown(at)), _shown(at)
    # … and once the sentence is taken out again, the error is gone (not kept from an earlier check)
    _save_text(store, rid, "一", drafted)
    at = app("drafting")
    assert not at.exception, at.exception
    assert not [m for m in _shown(at) if "2023年" in m]


def test_placeholders_filled_by_an_edit_are_no_longer_shown(db):
    store, rid = _drafted(db)
    report = store.load(rid)[0]
    marked = [s for s in report.drafting if "【待补充" in section_text(report, s)]
    assert marked, "the offline draft leaves markers to fill"
    section = marked[0]
    at = app("drafting")
    before = [m for m in _shown(at) if "待补充" in m]
    assert before
    filled = "\n".join(p for p in section_text(report, section).split("\n") if "【待补充" not in p)
    _save_text(store, rid, section, filled)
    at = app("drafting")
    assert not at.exception, at.exception
    assert len([m for m in _shown(at) if "待补充" in m]) < len(before)
    assert store.load(rid)[0].drafting[section].findings  # the record still holds what drafting found
