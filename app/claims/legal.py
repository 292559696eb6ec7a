"""Legal references a report may cite: the documents by their numbers, and how many articles the regulation has."""

from __future__ import annotations

import re

from app import lazy_re
from app.claims.numbers import parse_value

# the documents every report rests on (what the notes cite is added by the ground)
KNOWN_DOCUMENTS: tuple[str, ...] = (
    "《中华人民共和国政府信息公开条例》（国令第711号）",
    "国办公开办函〔2021〕30号",  # the format of the annual report
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
)
REGULATION_ARTICLES = 56  # 《中华人民共和国政府信息公开条例》 (2019) has 56 articles
REPORT_ARTICLE = 50  # its article on the annual report

_DOCUMENT = lazy_re.compile(r"[〔\[［(（]\s*((?:19|20)\d\d)\s*[〕\]］)）]\s*(\d+)\s*号|国(?:务院)?令第\s*(\d+)\s*号")
_ARTICLE = lazy_re.compile(r"第\s*([\d〇零一二两三四五六七八九十百]+)\s*条")
_OTHER_LAW = lazy_re.compile(r"《[^》]*(?:法|办法|规定|细则|意见|通知)》")


def document_keys(text: str) -> set[tuple[str, int]]:
    """The document numbers ``text`` cites: 〔2021〕30号 → ("2021", 30), 国令第711号 and 国务院令第711号 → ("国令", 711)."""
    out: set[tuple[str, int]] = set()
    for m in _DOCUMENT.finditer(text):
        out.add((m.group(1), int(m.group(2))) if m.group(1) else ("国令", int(m.group(3))))
    return out


def article(text: str) -> int | None:
    """The article number a reference names (第五十条 → 50), or None."""
    m = _ARTICLE.search(text)
    value = parse_value(m.group(1)) if m else None
    return int(value) if value is not None else None


def regulation_article_problem(reference: str, sentence: str) -> str | None:
    """What is wrong with citing article ``reference`` of 《条例》 in ``sentence`` (None when nothing is)."""
    number = article(reference)
    if number is None or "条例" not in sentence or _OTHER_LAW.search(sentence):
        return None
    if number > REGULATION_ARTICLES:
        return f"《条例》共{REGULATION_ARTICLES}条"
    if re.search(r"本报告|年度报告|年报", sentence) and re.search(r"编制|制作|发布", sentence):
        if number != REPORT_ARTICLE:
            return f"年度报告依据《条例》第{REPORT_ARTICLE}条编制"
    return None
