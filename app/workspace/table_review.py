"""Tables and 基本信息 in review (no streamlit): this year's figures beside last year's, the cells a reviewer should
look at twice (a big change, a blank), as compact HTML tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import Literal

from app.rules.common import fmt
from app.workspace.grids import row_label
from schemas.registry import LEVEL_LABELS, table, table3_rows
from schemas.report import Cell, Contact, Meta, ProcessingFee, Publication, Report

Flag = Literal["", "changed", "blank"]
BIG_CHANGE = 5  # a change of at least this many, and at least half of last year's figure, stands out


@dataclass(frozen=True)
class Compared:
    """One figure this year and last year, and whether it stands out."""

    now: str
    before: str | None  # None: last year's report has no such figure
    flag: Flag = ""


@dataclass(frozen=True)
class ComparedRow:
    label: str
    cells: tuple[Compared, ...]  # empty for a heading row


@dataclass(frozen=True)
class ComparedBlock:
    """One table (or one 第二十条 block of 表二) with its column headers."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[ComparedRow, ...]


def _text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if cell.value is not None:
        return fmt(cell.value)
    return cell.raw.strip()


def _is_blank(text: str) -> bool:
    return text in ("", "/", "-", "—", "－")


def compare(now: str, before: str | None, *, now_value: float | None = None, before_value: float | None = None):
    """A figure compared with last year's: blank this year, or a big change in a number."""
    if _is_blank(now):
        return Compared(now, before, "blank")
    if now_value is not None and before_value is not None:
        change = abs(now_value - before_value)
        if change >= BIG_CHANGE and change >= abs(before_value) / 2:
            return Compared(now, before, "changed")
    return Compared(now, before)


def _cell(report: Report, previous: Report | None, table_id: str, key: str) -> Compared:
    cell = report.cell(table_id, key)
    before = previous.cell(table_id, key) if previous is not None else None
    return compare(
        _text(cell),
        None if before is None else _text(before),
        now_value=None if cell is None else cell.value,
        before_value=None if before is None else before.value,
    )


def compare_table(report: Report, previous: Report | None, table_id: str) -> list[ComparedBlock]:
    """Table ``table_id`` of ``report`` beside ``previous`` (last year's), block by block."""
    version = report.meta.format_version
    if table_id == "三":
        rows = table3_rows(version, report.tables.get("三", {}).keys())
    else:
        rows = table(version, table_id).rows
    blocks: list[tuple[str, tuple[str, ...], list[ComparedRow]]] = []
    for row in rows:
        caption = (row.group or "") if table_id == "二" else ""
        if not blocks or blocks[-1][0] != caption:
            blocks.append((caption, (), []))
        if row.columns and not blocks[-1][1]:
            blocks[-1] = (caption, tuple(c.label for c in row.columns), blocks[-1][2])
        label = row.label if table_id == "二" else row_label(row)
        blocks[-1][2].append(ComparedRow(label, tuple(_cell(report, previous, table_id, k) for k in row.cell_keys())))
    return [ComparedBlock(caption, columns, tuple(rows)) for caption, columns, rows in blocks]


def _field_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return fmt(value)
    return str(value).strip()


# 基本信息 as review shows it: (model, field) in the order of the 基本信息 page
_BASIC_FIELDS: tuple[tuple[type, str, str], ...] = (
    (Meta, "agency", ""),
    (Meta, "level", ""),
    (Meta, "year", ""),
    (Meta, "format_version", ""),
    (Contact, "address", "contact"),
    (Contact, "postcode", "contact"),
    (Contact, "phone", "contact"),
    (Contact, "email", "contact"),
    (Meta, "website", ""),
    (Publication, "date", "publication"),
    (Publication, "url", "publication"),
    (ProcessingFee, "notices_sent", "processing_fee"),
    (ProcessingFee, "notices_amount", "processing_fee"),
    (ProcessingFee, "collected_amount", "processing_fee"),
)
_SHOWN = {
    "level": lambda v: LEVEL_LABELS.get(v, v),
    "format_version": lambda v: f"{v}年格式",
}
# what changes every year by itself: never flagged
_YEARLY = frozenset({"year", "date", "url"})


def compare_basics(report: Report, previous: Report | None) -> ComparedBlock:
    """基本信息 of ``report`` beside last year's, field by field; a field emptied or changed since stands out."""
    rows = []
    for model, name, part in _BASIC_FIELDS:
        label = model.model_fields[name].title or name
        raw_now = getattr(getattr(report.meta, part) if part else report.meta, name)
        shown = _SHOWN.get(name, _field_text)
        now = shown(raw_now) if raw_now is not None else ""
        before = None
        if previous is not None:
            raw_before = getattr(getattr(previous.meta, part) if part else previous.meta, name)
            before = shown(raw_before) if raw_before is not None else ""
        if name in _YEARLY:
            flag: Flag = ""
        elif _is_blank(now) and before:
            flag = "blank"
        elif before and now != before and isinstance(raw_now, str):
            flag = "changed"
        else:
            flag = ""
        rows.append(ComparedRow(label, (Compared(now, before, flag),)))
    return ComparedBlock("", ("本年", "上年"), tuple(rows))


_FLAG_STYLE = {"changed": "background:#fff4ce", "blank": "background:#fce8e6"}
_FLAG_HINT = {"changed": "与上年相比变化较大", "blank": "本年空白"}
_CSS = (
    "<style>"
    ".nb-cmp{border-collapse:collapse;font-size:.85rem;margin:.2rem 0 .8rem 0;width:100%}"
    ".nb-cmp th,.nb-cmp td{border:1px solid #ddd;padding:2px 6px;vertical-align:top}"
    # headers break between words only (科研机构, not 科研机/构); short ones stay on one line
    ".nb-cmp th{background:#f5f5f5;font-weight:600;text-align:center;word-break:keep-all;overflow-wrap:normal}"
    ".nb-cmp th.nb-short{white-space:nowrap}"
    ".nb-cmp td.nb-label{text-align:left;max-width:18rem}"
    ".nb-cmp td.nb-num{text-align:right;white-space:nowrap;min-width:3.5rem}"
    ".nb-cmp .nb-before{color:#888;font-size:.75rem;display:block}"
    ".nb-cmp tr.nb-heading td{background:#fafafa;font-weight:600}"
    "</style>"
)


def _cell_html(c: Compared, *, numeric: bool) -> str:
    style = _FLAG_STYLE.get(c.flag, "")
    hint = _FLAG_HINT.get(c.flag, "")
    now = escape(c.now) if not _is_blank(c.now) else "<b>空白</b>"
    before = "上年 —" if c.before is None else f"上年 {escape(c.before) if c.before else '空白'}"
    title = f' title="{hint}"' if hint else ""
    klass = "nb-num" if numeric else "nb-label"
    return f'<td class="{klass}" style="{style}"{title}>{now}<span class="nb-before">{before}</span></td>'


SHORT_HEADER = 6  # characters a header keeps on one line


def _th(text: str) -> str:
    short = ' class="nb-short"' if len(text) <= SHORT_HEADER else ""
    return f"<th{short}>{escape(text)}</th>"


def block_html(block: ComparedBlock, *, numeric: bool = True) -> str:
    """One compared block as an HTML table: each cell this year's figure over last year's, flagged ones shaded."""
    head = "".join(_th(c) for c in block.columns)
    caption = f"<th>{escape(block.caption)}</th>" if block.caption else "<th></th>"
    out = [f'<table class="nb-cmp"><tr>{caption}{head}</tr>']
    for row in block.rows:
        if not row.cells:
            out.append(f'<tr class="nb-heading"><td colspan="{len(block.columns) + 1}">{escape(row.label)}</td></tr>')
            continue
        cells = "".join(_cell_html(c, numeric=numeric) for c in row.cells)
        out.append(f'<tr><td class="nb-label">{escape(row.label)}</td>{cells}</tr>')
    out.append("</table>")
    return "".join(out)


def basics_html(block: ComparedBlock) -> str:
    """基本信息 beside last year's as an HTML table (field, this year, last year)."""
    out = ['<table class="nb-cmp"><tr><th>项目</th><th>本年</th><th>上年</th></tr>']
    for row in block.rows:
        (c,) = row.cells
        style = _FLAG_STYLE.get(c.flag, "")
        hint = _FLAG_HINT.get(c.flag, "").replace("变化较大", "不同")
        title = f' title="{hint}"' if hint else ""
        now = escape(c.now) if c.now else "<b>空白</b>"
        before = "—" if c.before is None else escape(c.before)
        out.append(
            f'<tr><td class="nb-label">{escape(row.label)}</td>'
            f'<td class="nb-label" style="{style}"{title}>{now}</td><td class="nb-label">{before}</td></tr>'
        )
    out.append("</table>")
    return "".join(out)


def flagged(blocks: list[ComparedBlock]) -> dict[str, int]:
    """How many figures of ``blocks`` stand out, by flag."""
    counts = {"changed": 0, "blank": 0}
    for b in blocks:
        for r in b.rows:
            for c in r.cells:
                if c.flag:
                    counts[c.flag] += 1
    return counts


STYLE = _CSS
LEGEND = "黄色底：与上年相比变化较大（相差 5 以上且超过上年的一半）；红色底：本年空白。每格下方灰字为上年数字。"
