"""The clerk's notes: pasted text or an uploaded .txt/.md/.docx → Notes, routed by the headings in it."""

from __future__ import annotations

import re
from pathlib import Path

from app.importers.limits import MAX_BYTES, MAX_NOTES_CHARS, check_text, check_text_bytes, too_big
from app.importers.text import ReadError, decode
from schemas.drafting import NOTE_ASPECTS, Notes, Requirements
from schemas.registry import SECTION_TITLES

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.、)）])\s*")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*(.+?)\s*#*\s*$")
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+\s*[、.．])\s*(.{2,24})$"
)
_BOLD_HEADING = re.compile(r"^\s*(?:\*\*|【)(.{2,24}?)(?:\*\*|】)[:：]?\s*$")


def _aspect(heading: str) -> str | None:
    """The aspect a short heading names (整改 before 问题: "上年问题整改" is about rectification).

    A long heading is a title ("示例县市场监督管理局2025年政务公开工作素材"), not an aspect.
    """
    if len(heading) > 16:
        return None
    for aspect, words in NOTE_ASPECTS.items():
        if any(w in heading for w in words):
            return aspect
    return None


# what a fact has and a heading does not: a number, a break inside the line (「措施：增加图解」)
_FACT_MARKS = re.compile(r"[。，,；;：:\d]")


def _heading(line: str) -> str | None:
    for pattern in (_MD_HEADING, _BOLD_HEADING, _NUMBERED_HEADING):
        m = pattern.match(line)
        if m:
            text = m.group(1).strip()
            # 「1. 举办培训3次」「2. 建立报送台账」 are items of a list, not headings (「1. 主动公开」 is one)
            if pattern is _NUMBERED_HEADING and (
                _FACT_MARKS.search(text) or (re.match(r"\s*\d", line) and not _aspect(text))
            ):
                return None
            return text
    stripped = line.strip().rstrip("：:")
    # a bulleted line is an item (「- 举办培训2次」), never a heading
    if 2 <= len(stripped) <= 12 and not _BULLET.match(line) and not _FACT_MARKS.search(stripped) and _aspect(stripped):
        return stripped
    return None


def _marked(line: str) -> bool:
    """Whether a line is marked as a heading (#, **…**, 【…】, a number), not just short."""
    return any(p.match(line) for p in (_MD_HEADING, _BOLD_HEADING, _NUMBERED_HEADING))


def parse_notes(text: str) -> Notes:
    """Notes from text: what stands under a heading naming an aspect goes to it, the rest is general."""
    parts: dict[str, list[str]] = {}
    current = "general"
    for line in text.split("\n"):
        if not line.strip():
            continue
        heading = _heading(line)
        if heading is not None:
            aspect = _aspect(heading)
            # a plain short line naming the aspect it stands under (「已全部整改到位」 under 整改) is one of its facts
            if aspect and aspect == current and not _marked(line):
                parts.setdefault(current, []).append(line.strip())
                continue
            if aspect:
                current = aspect
                continue
            current = "general"
        parts.setdefault(current, []).append(line.strip())
    return Notes(**{k: "\n".join(v) for k, v in parts.items()})


# lines of a notes file that describe the file rather than the year's work
_ABOUT_FILE = re.compile(r"^\s*(?:说明|注|备注|填写说明|使用说明)\s*[:：]")
_MARKUP = re.compile(r"\*\*|__|~~|`|^\s*>\s*|^\s*#{1,6}\s*")


def clean_note_text(text: str) -> str:
    """An aspect's notes without what is not a fact: 「说明：…」 lines, a file title line (a long line naming the
    report or the notes, with no sentence in it), Markdown marks and bullets."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = _MARKUP.sub("", line).strip()
        if not line or _ABOUT_FILE.match(line) or _is_title(line):
            continue
        out.append(line)
    return "\n".join(out)


def _is_title(line: str) -> bool:
    return bool(
        re.search(r"(?:工作素材|工作记录|素材|年度报告|年报)(?:（[^）]*）|\([^)]*\))?$", line)
        and not re.search(r"[。；;，,]", line)
    )


def clean_notes(notes: Notes) -> Notes:
    """``notes`` with every aspect cleaned (see ``clean_note_text``): what the drafter and the model are given."""
    return Notes(**{k: clean_note_text(getattr(notes, k)) for k in Notes.model_fields})


def read_notes(data: bytes, name: str = "") -> Notes:
    """Notes from an uploaded file (.txt, .md or .docx); ReadError with a reason when it cannot be read or holds
    more than a year's notes could (the limits of app/importers/limits.py, and MAX_NOTES_CHARS of text)."""
    if len(data) > MAX_BYTES:
        raise too_big(len(data))
    if Path(name).suffix.lower() == ".docx" or data[:4] == b"PK\x03\x04":
        from app.importers.docx_reader import read_docx

        lines = read_docx(data)
        text = "\n".join(" ".join(c for c in ln if c) for ln in lines)
    else:
        check_text_bytes(data, what="素材文件", limit=MAX_NOTES_CHARS, hint=_NOTES_HINT)
        text = decode(data)
    return parse_notes(check_text(text, what="素材文件", limit=MAX_NOTES_CHARS, hint=_NOTES_HINT))


_NOTES_HINT = "一年的工作素材一般不超过 2 万字：请只上传本年度的工作素材"


def merge_notes(base: Notes, extra: Notes) -> Notes:
    """``base`` with ``extra`` appended aspect by aspect."""
    merged = {k: "\n".join(x for x in (getattr(base, k), getattr(extra, k)) if x) for k in Notes.model_fields}
    return Notes(**merged)


__all__ = ["ReadError", "clean_notes", "merge_notes", "parse_notes", "parse_requirements", "read_notes"]


# how local requirements name a drafted section: its number, its title, or 五's title cut short
_SECTION_NAMES = {
    "前言": "前言",
    SECTION_TITLES["一"]: "一",
    "一": "一",
    "存在的主要问题": "五",
    "五": "五",
    SECTION_TITLES["六"]: "六",
    "六": "六",
}
_LIMIT = re.compile(
    "("
    + "|".join(map(re.escape, _SECTION_NAMES))
    + r")[^，。；\n\d]{0,12}?(?:不超过|不多于|控制在|少于)\s*(\d{2,5})\s*字"
)


def parse_requirements(text: str) -> Requirements:
    """Local requirements from text: "总体情况不超过1000字" sets a length limit, other lines are checklist items."""
    req = Requirements()
    for line in text.split("\n"):
        line = _BULLET.sub("", line).strip()
        if not line or line.startswith("#"):
            continue
        limit = _LIMIT.search(line)
        if limit:
            req.max_chars[_SECTION_NAMES[limit.group(1)]] = int(limit.group(2))
        else:
            req.checklist.append(line.rstrip("。；;"))
    return req
