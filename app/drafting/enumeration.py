"""Enumerated items in a text (pure): 「一是…；二是…」, 「（一）…（二）…」, 「1.…2.…」, one item a line or a 「；」.

Used to read the problems and measures of 五 (the drafter writes one measure per problem; the quality check counts
them) and last year's problems and measures; and to write such a list the way published reports do.
"""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十"
ORDINALS = tuple(f"{c}是" for c in _CN)
# where an item begins: 一是 / （一） / (1) / 1. / 1、 / ① (at the start or after a break)
_MARK = re.compile(
    rf"(?:^|(?<=[。；;！？\n：:]))\s*(?:[{_CN}]是|[（(][{_CN}\d]{{1,2}}[）)]|\d{{1,2}}\s*[.、．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])\s*[，,：:]?"
)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.、)）](?!\d)|[（(]\d{1,2}[）)])\s*")
_MIN_ITEM = 4


def _clean(item: str) -> str:
    return item.strip(" \t；;，,。\n")


def split_items(text: str) -> list[str]:
    """The items of an enumeration, in order, without their marks; a text with no marks is split by line, then by
    「；」, and otherwise is one item per sentence."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return []
    marks = list(_MARK.finditer(text))
    if len(marks) >= 2:
        head = _clean(text[: marks[0].start()])
        parts = [text[m.end() : n.start()] for m, n in zip(marks, [*marks[1:], None], strict=False) if n] + [
            text[marks[-1].end() :]
        ]
        items = [_clean(p) for p in parts]
        # a lead-in before the first mark (「主要问题：」) is not an item
        out = [i for i in items if len(i) >= _MIN_ITEM]
        if head and len(head) >= _MIN_ITEM and not head.endswith(("：", ":")) and not _is_lead(head):
            out.insert(0, head)
        return out
    lines = [_clean(_BULLET.sub("", ln)) for ln in text.split("\n")]
    lines = [ln for ln in lines if len(ln) >= _MIN_ITEM]
    if len(lines) >= 2:
        return lines
    one = lines[0] if lines else _clean(text)
    for pattern in (r"[；;]", r"。"):
        parts = [_clean(p) for p in re.split(pattern, one)]
        parts = [p for p in parts if len(p) >= _MIN_ITEM]
        if len(parts) >= 2:
            return parts
    return [one] if len(one) >= _MIN_ITEM else []


def _is_lead(text: str) -> bool:
    return bool(re.search(r"(?:主要|存在|如下|以下|方面|问题|措施|下一步)[^。；]{0,6}$", text))


def enumerate_items(items: list[str], *, lead: str = "") -> str:
    """``items`` written as published reports do: one item as a sentence, several as 「一是…；二是…。」."""
    items = [_clean(i) for i in items if _clean(i)]
    if not items:
        return lead
    if len(items) == 1:
        return f"{lead}{items[0]}。"
    if len(items) > len(ORDINALS):
        return lead + "；".join(items) + "。"
    return lead + "；".join(f"{ORDINALS[i]}{item}" for i, item in enumerate(items)) + "。"
