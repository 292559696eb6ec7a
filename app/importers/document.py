"""Lines of a published report (from any file format) → Report with provenance."""

from __future__ import annotations

import datetime as dt
import re

from app import lazy_re
from app.importers.bare import check_bare_table4, read_bare_table3
from app.importers.layout import line_text, narrative, paragraphs, split_sections, wrap_width
from app.importers.meta import agency_in_body, first_year, guess_level, read_meta
from app.importers.stated import StatedNumbers
from app.importers.tables import TableRead, read_table
from app.importers.text import ReadError, ascii_numbers, norm
from schemas.findings import Finding, Rule, finding
from schemas.registry import (
    OTHER_HANDLING,
    TABLE_IDS,
    VERSION_MARKERS,
    cell_key,
    other_handling_as_one_row,
    section_title,
    table,
    version_for_year,
)
from schemas.report import Provenance, Report

Line = list[str]

_MARKERS = {v: tuple(norm(m) for m in ms) for v, ms in VERSION_MARKERS.items()}
_TRUNCATED_2019 = lazy_re.compile(r"本年新(?!收)")


def detect_version(table_lines: dict[str, list[Line]], year: int | None) -> tuple[str, str]:
    """The format version told by the tables' headers (not the year), and what told it."""
    text = norm("".join(line_text(ln) for t in ("二", "三") for ln in table_lines.get(t, [])))
    scores = {v: sum(text.count(m) for m in markers) for v, markers in _MARKERS.items()}
    scores["2019"] += len(_TRUNCATED_2019.findall(norm("".join(line_text(ln) for ln in table_lines.get("二", [])))))
    if scores["2021"] == scores["2019"] == 0:
        return version_for_year(year), "年度（表头中没有可区分格式版本的栏目）"
    if scores["2021"] >= scores["2019"]:
        return "2021", "表头（2021年格式栏目）"
    return "2019", "表头（2019年格式栏目）"


def read_lines(lines: list[Line], *, source: str, source_format: str) -> Report:
    """The report in ``lines`` (each a list of cells); ReadError when it holds no report table at all."""
    layout = split_sections(lines)
    closing_agency, closing_date = _closing_block(layout)
    full = wrap_width(layout.preface + [line_text(ln) for n in ("一", "五", "六") for ln in layout.sections.get(n, [])])
    preface = "\n".join(paragraphs(layout.preface, full))
    meta, year_source = read_meta(layout.title, preface, signature=closing_agency)
    if closing_date and not meta.signoff.date:
        meta.signoff.date = closing_date
    if layout.publication_date:
        try:
            meta.publication.date = dt.date(*layout.publication_date)
        except ValueError:
            pass  # a garbled date on the page is not the report's business
    texts = {num: narrative(layout.sections.get(num, []), full) for num in ("一", "五", "六")}
    if not meta.year:
        meta.year = first_year("\n".join(texts["一"].paragraphs()[:2]))
    body_agency = "" if meta.agency else agency_in_body(texts["一"].paragraphs(), meta.year)
    if body_agency:
        meta.agency, meta.level = body_agency, guess_level(body_agency)
    table_lines = {t: layout.sections.get(t, []) for t in TABLE_IDS}
    version, how = detect_version(table_lines, meta.year)
    meta.format_version = version  # type: ignore[assignment]
    stated = StatedNumbers([*preface.split("\n"), *(p for n in texts.values() for p in n.paragraphs())], meta.year)
    reads = {t: read_table(table_lines[t], version, t, narrative_numbers=stated) for t in TABLE_IDS}
    reads["三"] = read_bare_table3(table_lines["三"], version, reads["三"]) or reads["三"]
    check_bare_table4(table_lines["四"], version, reads["四"])
    if not any(r.found for r in reads.values()):
        raise ReadError("没有找到年报的统计表格（表二、表三、表四），这不像是一份政府信息公开工作年度报告")
    meta.procurement_amount_unit = reads["二"].units.get(cell_key("government_procurement", "procurement_amount"), "")
    findings: list[Finding] = list(layout.findings)
    if body_agency:
        findings.append(
            finding(Rule.PARSE, message=f"标题和前言没有写单位名称，取自正文「{section_title('一')}」：{body_agency}")
        )
    elif not meta.agency:
        findings.append(finding(Rule.PARSE, message="未能从标题或前言中识别单位名称"))
    if not meta.year:
        findings.append(finding(Rule.PARSE, message="未能识别报告年度"))
    for t in TABLE_IDS:
        findings += reads[t].findings + _completeness(reads[t], version, t, t in layout.found)
    return Report(
        meta=meta,
        preface=preface,
        overview=texts["一"],
        problems=texts["五"],
        other_matters=texts["六"],
        tables={t: reads[t].cells for t in TABLE_IDS},
        provenance=Provenance(
            source=source,
            source_format=source_format,
            version_detected_from=how,
            title="".join(layout.title),
            sections_found=layout.found,
            extra_rows=[x for t in TABLE_IDS for x in reads[t].extra_rows],
            findings=findings,
        ),
    )


_DATE_LINE = lazy_re.compile(r"^\s*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


def _closing_block(layout) -> tuple[str, dt.date | None]:
    """Drop the signature block (agency, date) that ends the last section; the agency line and date it holds."""
    for num in ("六", "五", "四"):
        lines = layout.sections.get(num)
        if lines:
            break
    else:
        return "", None
    texts = [line_text(ln).strip() for ln in lines[-2:]]
    if not texts or not (m := _DATE_LINE.match(ascii_numbers(texts[-1])) or texts[-1] in ("【待补充：成文日期】",)):
        return "", None
    drop = 1
    if len(texts) == 2 and 2 <= len(texts[0]) <= 40 and not re.search(r"[。，,；;：:|]", texts[0]):
        drop = 2  # the agency's name above the date
    del lines[-drop:]
    agency = texts[0] if drop == 2 else ""
    if isinstance(m, re.Match):
        try:
            return agency, dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return agency, None
    return agency, None


def _completeness(read: TableRead, version: str, table_id: str, heading_found: bool) -> list[Finding]:
    """PARSE errors for rows of a table that could not be read (a missing section is SECTION's)."""
    spec = table(version, table_id)
    if not read.found and not heading_found:
        return []
    if not read.found:
        return [
            finding(
                Rule.PARSE,
                severity="error",
                table=table_id,
                message=f"未读到表{table_id}（{spec.title}）",
            )
        ]
    if not read.cells and any(f.rule == Rule.PARSE and f.severity == "error" and not f.row for f in read.findings):
        return []  # the whole table is already reported unread, with the reason
    flagged = {f.row for f in read.findings if f.rule == Rule.PARSE}
    missing = []
    for row in spec.value_rows:
        if row.label in flagged:
            continue
        if any(k in read.cells for k in row.cell_keys()):
            continue
        if row.group == OTHER_HANDLING and (
            other_handling_as_one_row(version, read.cells) or OTHER_HANDLING in flagged
        ):
            continue  # （六） as one row: read, or reported unread
        if table_id == "四" and "*" in read.ambiguous:
            continue
        missing.append(row)
    if not missing:
        return []
    if len(missing) == len(spec.value_rows):
        return [finding(Rule.PARSE, severity="error", table=table_id, message=f"表{table_id}的数据没有读到")]
    return [
        finding(
            Rule.PARSE,
            severity="error",
            table=table_id,
            group=row.group,
            row=row.label,
            message=f"表{table_id}缺少「{row.label}」行",
        )
        for row in missing
    ]
