"""基本信息: agency, level, year and format version, contacts, website, publication, 信息处理费 (saved per field)."""

from __future__ import annotations

import streamlit as st

from app.ui import state
from app.workspace.basics import LEVEL_CHOICES, format_after_edit
from app.workspace.grids import with_all_cells
from schemas.registry import FORMAT_VERSIONS, version_for_year

state.page_setup("基本信息")
report = state.require_report()
if report is None:
    st.stop()
m = report.meta
version = st.session_state["version"]
st.caption("每一项离开（点到别处）时自动保存。")


def _key(name: str) -> str:
    return f"basic:{name}:{version}"


def _value(name: str):
    return st.session_state.get(_key(name))


def _save() -> None:
    """Save the basics as soon as a field is left: a closed tab loses at most the field being typed."""
    current = st.session_state["report"]
    updated = current.model_copy(deep=True)
    um = updated.meta
    year = int(_value("year") or current.meta.year or 0)
    chosen = _value("format_version")
    um.agency, um.level, um.year = (_value("agency") or "").strip(), _value("level"), year
    um.format_version = format_after_edit(
        old_year=current.meta.year, old_version=current.meta.format_version, new_year=year, chosen=chosen
    )
    updated.tables = with_all_cells(updated.tables, um.format_version)
    c = um.contact
    c.address, c.postcode, c.phone, c.email = (_value(k) or "" for k in ("address", "postcode", "phone", "email"))
    um.website, um.publication.url = _value("website") or "", _value("url") or ""
    um.publication.date = _value("published")
    sent = _value("sent")
    um.processing_fee.notices_sent = None if sent is None else int(sent)
    um.processing_fee.notices_amount, um.processing_fee.collected_amount = _value("amount"), _value("collected")
    if updated != current:
        state.save(updated, "基本信息")
        if um.format_version != current.meta.format_version:
            st.warning("表格格式已改变：两种格式的表二、表三不同，请到「数据填报」核对表格。")


def _input(widget, label: str, name: str, **kw):
    return widget(label, key=_key(name), on_change=_save, **kw)


_input(st.text_input, "单位名称", "agency", value=m.agency)
c1, c2, c3 = st.columns(3)
with c1:
    _input(
        st.selectbox,
        "单位层级",
        "level",
        options=list(LEVEL_CHOICES),
        index=list(LEVEL_CHOICES).index(m.level),
        format_func=LEVEL_CHOICES.get,
    )
with c2:
    _input(st.number_input, "报告年度", "year", min_value=2019, max_value=2100, value=m.year or 2025)
with c3:
    _input(
        st.selectbox,
        "表格格式",
        "format_version",
        options=FORMAT_VERSIONS,
        index=FORMAT_VERSIONS.index(m.format_version),
        format_func=lambda v: f"{v}年格式" + ("（按年度应使用）" if v == version_for_year(m.year) else ""),
    )
st.markdown("**联系方式**")
c1, c2 = st.columns([3, 1])
with c1:
    _input(st.text_input, "地址", "address", value=m.contact.address)
with c2:
    _input(st.text_input, "邮编", "postcode", value=m.contact.postcode)
c1, c2, c3 = st.columns(3)
with c1:
    _input(st.text_input, "电话", "phone", value=m.contact.phone)
with c2:
    _input(st.text_input, "电子邮箱", "email", value=m.contact.email)
with c3:
    _input(st.text_input, "网站", "website", value=m.website)
st.markdown("**发布**")
c1, c2 = st.columns([1, 3])
with c1:
    _input(st.date_input, "发布日期", "published", value=m.publication.date, format="YYYY-MM-DD")
with c2:
    _input(st.text_input, "发布网址", "url", value=m.publication.url)
st.markdown("**信息处理费**（没有收取也请填 0）")
fee = m.processing_fee
c1, c2, c3 = st.columns(3)
with c1:
    _input(st.number_input, "发出收费通知件数", "sent", min_value=0, value=fee.notices_sent, step=1)
with c2:
    _input(st.number_input, "通知总金额（元）", "amount", min_value=0.0, value=fee.notices_amount, step=1.0)
with c3:
    _input(st.number_input, "实际收取总金额（元）", "collected", min_value=0.0, value=fee.collected_amount, step=1.0)
