"""Revision marks: the AI draft of a section against the reviewer's final text, as Word tracked changes.

The diff runs on tokens — one Chinese character each, a Latin word or a number whole ("2024" → "2025" is one
change, not "4" → "5"), a paragraph break its own token — and tiny unchanged islands between two changes are
folded into the change, so the reader sees whole phrases replaced instead of confetti. The result is written as
WordprocessingML (w:ins / w:del with w:author and w:date, w:delText for deleted text, paragraph marks inserted or
deleted through w:pPr/w:rPr), which python-docx has no API for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import count
from typing import Literal

Status = Literal["equal", "insert", "delete"]

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.\-:/@_][A-Za-z0-9]+)*|\n|[ \t]+|.", re.S)
# an unchanged island this short between two changes is folded into them
_ISLAND = 2
_ISLAND_BETWEEN_LONG = 4
_LONG_CHANGE = 8
_BOUNDARIES = frozenset("，。；：、！？,.;:!?（）()《》“”")


def tokens(text: str) -> list[str]:
    """``text`` cut for diffing: Chinese characters one by one, Latin words and numbers whole, breaks alone."""
    return _TOKEN.findall(text)


@dataclass(slots=True)
class _Op:
    status: Literal["equal", "change"]
    old: list[str]
    new: list[str]


def _ops(old: list[str], new: list[str]) -> list[_Op]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    out: list[_Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        status = "equal" if tag == "equal" else "change"
        if out and out[-1].status == status == "change":
            out[-1].old += old[i1:i2]
            out[-1].new += new[j1:j2]
        else:
            out.append(_Op(status, old[i1:i2], new[j1:j2]))
    return out


def _fold_islands(ops: list[_Op]) -> list[_Op]:
    """Fold short unchanged runs sitting between two changes into one larger change (never across punctuation)."""
    changed = True
    while changed:
        changed = False
        for i in range(1, len(ops) - 1):
            before, island, after = ops[i - 1], ops[i], ops[i + 1]
            if island.status != "equal" or before.status != "change" or after.status != "change":
                continue
            if "\n" in island.old or any(t in _BOUNDARIES for t in island.old):
                continue  # a paragraph break or punctuation separates two edits a reader sees as distinct
            size = len(island.old)
            around = min(len(before.old) + len(before.new), len(after.old) + len(after.new))
            if size <= _ISLAND or (size <= _ISLAND_BETWEEN_LONG and around >= _LONG_CHANGE):
                merged = _Op("change", before.old + island.old + after.old, before.new + island.new + after.new)
                ops[i - 1 : i + 2] = [merged]
                changed = True
                break
    return ops


@dataclass(slots=True)
class RevisedParagraph:
    """A paragraph of the final document with its changes: runs, and whether its paragraph mark is new or gone."""

    runs: list[tuple[Status, str]] = field(default_factory=list)
    mark: Status = "equal"

    def text(self, *, side: Literal["old", "new"] = "new") -> str:
        skip = "delete" if side == "new" else "insert"
        return "".join(t for s, t in self.runs if s != skip)

    @property
    def changed(self) -> bool:
        return self.mark != "equal" or any(s != "equal" for s, _ in self.runs)


def diff_paragraphs(draft: str, final: str) -> list[RevisedParagraph]:
    """The final text as paragraphs whose runs say what the reviewer inserted into and deleted from the draft."""
    old = tokens(_normalise(draft))
    new = tokens(_normalise(final))
    pieces: list[tuple[Status, str]] = []
    for op in _fold_islands(_ops(old, new)):
        if op.status == "equal":
            pieces.append(("equal", "".join(op.old)))
        else:
            if op.old:
                pieces.append(("delete", "".join(op.old)))
            if op.new:
                pieces.append(("insert", "".join(op.new)))
    paragraphs = [RevisedParagraph()]
    for status, text in pieces:
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if part:
                _append(paragraphs[-1], status, part)
            if k < len(parts) - 1:  # a paragraph break of this status ends the paragraph
                paragraphs[-1].mark = status
                paragraphs.append(RevisedParagraph())
    return [p for p in paragraphs if p.runs or p.mark != "equal"]


def _append(p: RevisedParagraph, status: Status, text: str) -> None:
    if p.runs and p.runs[-1][0] == status:
        p.runs[-1] = (status, p.runs[-1][1] + text)
    else:
        p.runs.append((status, text))


def _normalise(text: str) -> str:
    """Paragraphs stripped and blank lines dropped, as the document prints them."""
    return "\n".join(p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip())


# ---------------------------------------------------------------- WordprocessingML


@dataclass(slots=True)
class Reviser:
    """Writes tracked changes into python-docx paragraphs: one author and date, ids unique in the document."""

    author: str
    date: dt.datetime
    ids: count = field(default_factory=lambda: count(1))

    @property
    def stamp(self) -> str:
        d = self.date.astimezone(dt.UTC) if self.date.tzinfo else self.date
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _mark(self, tag: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        el = OxmlElement(tag)
        el.set(qn("w:id"), str(next(self.ids)))
        el.set(qn("w:author"), self.author)
        el.set(qn("w:date"), self.stamp)
        return el

    def write(self, paragraph, revised: RevisedParagraph) -> None:
        """Fill ``paragraph`` (python-docx) with the runs of ``revised``, insertions and deletions tracked."""
        p = paragraph._p
        for status, text in revised.runs:
            if status == "equal":
                p.append(_run("w:t", text))
            elif status == "insert":
                ins = self._mark("w:ins")
                ins.append(_run("w:t", text))
                p.append(ins)
            else:
                deleted = self._mark("w:del")
                deleted.append(_run("w:delText", text))
                p.append(deleted)
        if revised.mark != "equal":
            # the paragraph mark itself was inserted (a new paragraph) or deleted (two paragraphs joined)
            _mark_properties(p).append(self._mark("w:ins" if revised.mark == "insert" else "w:del"))


def _mark_properties(p):
    """The run properties of a paragraph's mark (w:pPr/w:rPr), created last in w:pPr where the schema wants it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        successor = next((el for el in ppr if el.tag in (qn("w:sectPr"), qn("w:pPrChange"))), None)
        if successor is None:
            ppr.append(rpr)
        else:
            successor.addprevious(rpr)
    return rpr


def _run(text_tag: str, text: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r = OxmlElement("w:r")
    t = OxmlElement(text_tag)
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")
    r.append(t)
    return r


# ---------------------------------------------------------------- which texts are compared


def draft_texts(report, draft=None) -> dict[str, str]:
    """Section → the AI draft to compare with: from the draft report when given, else the drafting records."""
    from app.drafting.sections import section_text
    from schemas.drafting import DRAFT_SECTIONS

    if draft is not None:
        return {s: section_text(draft, s) for s in DRAFT_SECTIONS}
    return {s: record.draft_text for s, record in report.drafting.items() if record.draft_text.strip()}
