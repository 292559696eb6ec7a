"""The change phrases of the version list name a publication or sign-off field once, without its area twice."""

from __future__ import annotations

from app.importers import read_report
from app.storage.changes import PUBLICATION, SIGNOFF, changes
from tests.conftest import EXAMPLES


def test_publication_and_signoff_fields_are_named_once():
    old = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    new = old.model_copy(deep=True)
    new.meta.publication.date = None
    new.meta.signoff.reviewer = "王审"
    texts = {c.area: c.text for c in changes(old, new)}
    assert texts[PUBLICATION] == "发布日期：2026-01-20→（空）"
    assert texts[SIGNOFF] == "审核签发·审核人：陈立→王审"


def test_basic_information_keeps_its_area_and_path():
    old = read_report(EXAMPLES / "county-department-2025-with-errors.json")
    new = old.model_copy(deep=True)
    new.meta.contact.address = "示例县人民路99号"
    (change,) = changes(old, new)
    assert change.text == f"基本信息「联系方式·地址」：{old.meta.contact.address}→示例县人民路99号"
