"""The workspace app: `nianbao app` (or `streamlit run app/ui/main.py`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="年报助手", page_icon="📄", layout="wide")
navigation = st.navigation(
    {
        "年报": [
            st.Page(PAGES / "home.py", title="首页", icon="🏠", default=True),
            st.Page(PAGES / "basics.py", title="基本信息", icon="🏷️"),
            st.Page(PAGES / "tables.py", title="数据填报", icon="🧮"),
            st.Page(PAGES / "materials.py", title="工作素材", icon="🗂️"),
            st.Page(PAGES / "drafting.py", title="起草", icon="✍️"),
            st.Page(PAGES / "review.py", title="审核", icon="✅"),
            st.Page(PAGES / "export.py", title="导出", icon="📤"),
            st.Page(PAGES / "versions.py", title="版本记录", icon="🕘"),
        ],
        "汇总": [
            st.Page(PAGES / "units.py", title="多单位", icon="🏢"),
            st.Page(PAGES / "charts.py", title="数据概览", icon="📊"),
        ],
        "设置": [st.Page(PAGES / "settings.py", title="模型设置", icon="⚙️")],
    }
)
navigation.run()
