"""基本信息: agency, level, year and format version, contacts, website, publication, 信息处理费."""

from __future__ import annotations

import streamlit as st

from app.ui import state
from app.ui.actions import LEVEL_CHOICES
from app.workspace.grids import with_all_cells
from schemas.registry import FORMAT_VERSIONS, version_for_year

state.page_setup("基本信息")
report = state.require_report()
if report is None:
    st.stop()
m = report.meta

with st.form("basics"):
    agency = st.text_input("单位名称", m.agency)
    c1, c2, c3 = st.columns(3)
    level = c1.selectbox(
        "单位层级", list(LEVEL_CHOICES), index=list(LEVEL_CHOICES).index(m.level), format_func=LEVEL_CHOICES.get
    )
    year = c2.number_input("报告年度", min_value=2019, max_value=2100, value=m.year or 2025)
    version = c3.selectbox(
        "表格格式",
        FORMAT_VERSIONS,
        index=FORMAT_VERSIONS.index(m.format_version),
        format_func=lambda v: f"{v}年格式" + ("（按年度应使用）" if v == version_for_year(m.year) else ""),
    )
    st.markdown("**联系方式**")
    c1, c2 = st.columns([3, 1])
    address = c1.text_input("地址", m.contact.address)
    postcode = c2.text_input("邮编", m.contact.postcode)
    c1, c2, c3 = st.columns(3)
    phone = c1.text_input("电话", m.contact.phone)
    email = c2.text_input("电子邮箱", m.contact.email)
    website = c3.text_input("网站", m.website)
    st.markdown("**发布**")
    c1, c2 = st.columns([1, 3])
    published = c1.date_input("发布日期", m.publication.date, format="YYYY-MM-DD")
    url = c2.text_input("发布网址", m.publication.url)
    st.markdown("**信息处理费**（没有收取也请填 0）")
    c1, c2, c3 = st.columns(3)
    fee = m.processing_fee
    sent = c1.number_input("发出收费通知件数", min_value=0, value=fee.notices_sent, step=1)
    amount = c2.number_input("通知总金额（元）", min_value=0.0, value=fee.notices_amount, step=1.0)
    collected = c3.number_input("实际收取总金额（元）", min_value=0.0, value=fee.collected_amount, step=1.0)
    saved = st.form_submit_button("保存", type="primary")

if saved:
    updated = report.model_copy(deep=True)
    um = updated.meta
    um.agency, um.level, um.year = agency.strip(), level, int(year)
    # a changed year brings its format version along, unless the version was chosen by hand
    um.format_version = version_for_year(int(year)) if int(year) != m.year and version == m.format_version else version
    updated.tables = with_all_cells(updated.tables, um.format_version)
    um.contact.address, um.contact.postcode, um.contact.phone, um.contact.email = address, postcode, phone, email
    um.website = website
    um.publication.date, um.publication.url = published, url
    um.processing_fee.notices_sent = None if sent is None else int(sent)
    um.processing_fee.notices_amount, um.processing_fee.collected_amount = amount, collected
    if um.format_version != m.format_version:
        st.warning("表格格式已改变：两种格式的表二、表三不同，请到「数据填报」核对表格。")
    state.save(updated, "基本信息")
