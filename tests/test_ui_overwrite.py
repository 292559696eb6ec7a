"""起草 asks before a redraft overwrites a reviewer's edit or approval; 审核 approves no section without its edit."""

from __future__ import annotations

import re

from app.drafting.sections import section_text, with_section_text
from app.storage import Store
from schemas.rule_catalogue import Rule
from tests import test_ui as ui
from tests.test_ui import app, texts

db = ui.db

EDIT = "\n审核人补充：本年度政务公开工作由办公室统筹。"


def _drafted(db: str):
    """The example report with every section drafted offline; the store and the report's id."""
    at = app("drafting")
    at.button[0].click().run()  # 起草全部正文
    assert not at.exception, at.exception
    return Store.open(db), at.session_state["report_id"]


def _edit_one(store: Store, rid: int) -> str:
    """A reviewer's edit saved into 一; the edited text."""
    report, version = store.load(rid)
    edited = section_text(report, "一") + EDIT
    store.save(rid, with_section_text(report, "一", edited), expected_version=version, who="王审", role="reviewer")
    return section_text(store.load(rid)[0], "一")


def _asked(at) -> list[str]:
    return [w.value for w in at.warning if "重新起草会覆盖" in w.value]


def test_redrafting_an_edited_section_asks_first_and_overwrites_only_when_confirmed(db):
    store, rid = _drafted(db)
    edited = _edit_one(store, rid)
    at = app("drafting")
    version = at.session_state["version"]
    at.button(key="draft:一").click().run()
    assert not at.exception, at.exception
    asked = _asked(at)
    assert len(asked) == 1 and "「一、总体情况」：已修改" in asked[0] and "版本记录" in asked[0]
    assert "被替换的原文" in asked[0]
    assert section_text(store.load(rid)[0], "一") == edited and store.load(rid)[1] == version  # nothing saved yet
    at.run()  # the question stays until answered
    assert _asked(at) and section_text(store.load(rid)[0], "一") == edited

    at.button(key="overwrite:一").click().run()
    assert not at.exception, at.exception
    report, latest = store.load(rid)
    assert latest == version + 1 and not _asked(at)
    assert EDIT.strip() not in section_text(report, "一")
    assert report.drafting["一"].replaced_text == edited
    assert section_text(store.load(rid, version=version)[0], "一") == edited  # the edit stays in the history
    assert [v.version_no for v in store.versions(rid)][:2] == [latest, version]


def test_cancelling_keeps_the_edit(db):
    store, rid = _drafted(db)
    edited = _edit_one(store, rid)
    at = app("drafting")
    at.button(key="draft:一").click().run()
    at.button(key="cancel_overwrite:一").click().run()
    assert not at.exception and not _asked(at)
    assert section_text(store.load(rid)[0], "一") == edited


def test_drafting_everything_asks_for_an_approved_section_and_can_draft_only_the_rest(db):
    store, rid = _drafted(db)
    edited = _edit_one(store, rid)
    store.approve(rid, "前言", who="王审", role="reviewer")
    preface = section_text(store.load(rid)[0], "前言")
    at = app("drafting")
    version = at.session_state["version"]
    at.button[0].click().run()  # 起草全部正文
    asked = _asked(at)
    assert len(asked) == 1 and "「前言」：已审核通过" in asked[0] and "「一、总体情况」：已修改" in asked[0]
    assert "五、" not in asked[0] and store.load(rid)[1] == version
    at.button(key="only_rest:all").click().run()
    assert not at.exception, at.exception
    report, latest = store.load(rid)
    assert latest == version + 1 and not _asked(at)
    assert section_text(report, "一") == edited and section_text(report, "前言") == preface
    assert "五、六" in store.versions(rid)[0].summary
    assert store.reviews(rid)["前言"].approved


def test_sections_nobody_edited_are_redrafted_without_a_question(db):
    store, rid = _drafted(db)
    at = app("drafting")
    version = at.session_state["version"]
    at.button[0].click().run()
    assert not at.exception and not _asked(at)
    assert store.load(rid)[1] == version + 1
    at.button(key="draft:五").click().run()
    assert not at.exception and not _asked(at)  # drafted again (the offline text is the same: nothing to save)


def test_the_drafting_page_names_rules_in_chinese_and_has_no_english_words(db):
    store, rid = _drafted(db)
    at = app("drafting")
    assert any(r.findings for r in store.load(rid)[0].drafting.values())  # there are findings to show
    shown = texts(at) + "\n".join(e.label for e in at.expander)
    codes = [r.value for r in Rule if re.search(rf"(?<![A-Za-z]){re.escape(r.value)}(?![A-Za-z])", shown)]
    assert not codes, codes
    assert any("（正文中还有“【待补充】”）" in e.value for e in at.error)  # the rule's title instead
    drafted = [c.value for c in at.caption if c.value.startswith("离线模板起草")]
    assert len(drafted) == 4 and not [c for c in drafted if re.search("[A-Za-z]", c)]


def _review(db: str):
    reviewer = app("review", who="王审", role="reviewer")
    key = next(t.key for t in reviewer.text_area if t.key.startswith("final:一:"))
    return reviewer, key


def test_approving_with_a_pending_edit_saves_the_edit_then_approves(db):
    store, rid = _drafted(db)
    at, key = _review(db)
    version = at.session_state["version"]
    # the draft's 【待补充】 markers are open errors of 一 (no part is approved with one): filled in the same edit
    text = re.sub(r"【待补充[^】]*】", "已按要求落实。", at.text_area(key=key).value)
    at.text_area(key=key).input(text + EDIT).run()
    at.button(key="approve:一").click().run()
    assert not at.exception, at.exception
    report, latest = store.load(rid)
    assert latest == version + 1 and EDIT.strip() in section_text(report, "一")
    assert store.versions(rid)[0].author == "王审" and "一、总体情况" in store.versions(rid)[0].summary
    review = store.reviews(rid)["一"]
    assert review.approved and review.approved_version == latest
    assert EDIT.strip() in at.text_area(key=f"final:一:{latest}").value


def test_approving_an_edit_that_brings_a_new_error_is_refused_and_keeps_the_text(db):
    store, rid = _drafted(db)
    at, key = _review(db)
    version = at.session_state["version"]
    wrong = at.text_area(key=key).value + "\n全年开展政务公开培训4321人次。"
    at.text_area(key=key).input(wrong).run()
    at.button(key="approve:一").click().run()
    assert not at.exception, at.exception
    assert any("未通过" in e.value and "4321" in e.value for e in at.error)
    review = store.reviews(rid).get("一")
    assert store.load(rid)[1] == version and not (review and review.approved)
    assert at.text_area(key=key).value == wrong


def test_approving_after_emptying_the_text_does_not_approve_the_old_text(db):
    """Clearing a section and clicking 通过本部分 at once is an edit too: it is judged, never dropped in favour of
    the saved text."""
    store, rid = _drafted(db)
    at, key = _review(db)
    version = at.session_state["version"]
    at.text_area(key=key).input("").run()
    at.button(key="approve:一").click().run()
    assert not at.exception, at.exception
    review = store.reviews(rid).get("一")
    assert store.load(rid)[1] == version and not (review and review.approved)
    assert any("未通过" in e.value for e in at.error)
