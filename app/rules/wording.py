"""Wording rules: YEAR (dates that do not fit the report year) and PRIVACY (personal data in the text)."""

from __future__ import annotations

import re

from app.rules.narrative import section_paragraphs
from schemas.findings import Finding, Rule, finding
from schemas.report import Report

_PERIOD = re.compile(
    r"(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|-|—|－|～|~|–)\s*"
    r"(?:(?P<y2>\d{4})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
_STATISTICS = re.compile(r"统计|期限|期间|时限")
_GARBLED = re.compile(r"(?<!\d)(20\d\d)(1[0-2]|0?[1-9])\s*月")
_OPENING_YEAR = re.compile(r"^\s*(20\d\d)\s*年(?:度)?\s*[，,以来]")
_LAST_YEAR_WORDS = re.compile(r"上年|去年|上一年|同比|较上|比上|与上")

_ID_CARD = re.compile(
    r"(?<![\dA-Za-z])(\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![\dA-Za-z])"
)
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_BANK_CARD = re.compile(r"(?<!\d)(\d{16,19})(?!\d)")
_NAMED_PERSON = re.compile(r"(?:申请人|当事人)[：:]?\s*([\u4e00-\u9fff](?!某)[\u4e00-\u9fff]{0,2}(?:先生|女士))")
_CONTACT_WORDS = re.compile(r"电话|手机|联系|咨询|热线|传真")


def wording_findings(report: Report, *, own_draft: bool = False) -> list[Finding]:
    """YEAR and PRIVACY findings of the report's narrative."""
    return year_findings(report, own_draft=own_draft) + privacy_findings(report)


def _finding(rule: Rule, section: str, index: int, message: str, *, own_draft: bool = False, **kw) -> Finding:
    return finding(rule, own_draft=own_draft, section=section, paragraph=index, message=message, **kw)


def year_findings(report: Report, *, own_draft: bool = False) -> list[Finding]:
    """YEAR: statistics periods, opening years and garbled dates that do not fit the report year."""
    year = report.meta.year
    if year is None:
        return []
    out: list[Finding] = []
    for section, title, index, p in section_paragraphs(report):
        for m in _PERIOD.finditer(p):
            if not _STATISTICS.search(p[max(0, m.start() - 20) : m.start()]):
                continue
            y1 = int(m.group("y1"))
            y2 = int(m.group("y2") or y1)  # "2023年1月1日至12月31日"
            if (y1, int(m.group("m1")), int(m.group("d1")), y2, int(m.group("m2")), int(m.group("d2"))) != (
                year,
                1,
                1,
                year,
                12,
                31,
            ):
                out.append(
                    _finding(
                        Rule.YEAR,
                        section,
                        index,
                        f"「{title}」第 {index} 段的统计期限“{m.group(0)}”与报告年度不符，"
                        f"应为{year}年1月1日至{year}年12月31日",
                        expected=f"{year}年1月1日至{year}年12月31日",
                        actual=m.group(0),
                        own_draft=own_draft,
                    )
                )
        for m in _GARBLED.finditer(p):
            out.append(
                _finding(
                    Rule.YEAR,
                    section,
                    index,
                    f"「{title}」第 {index} 段的日期“{m.group(0)}”有误（年份与月份连在一起）",
                    actual=m.group(0),
                    own_draft=own_draft,
                )
            )
        if section == "一":
            m = _OPENING_YEAR.match(p)
            if m and int(m.group(1)) != year and not _LAST_YEAR_WORDS.search(p[:40]):
                out.append(
                    _finding(
                        Rule.YEAR,
                        section,
                        index,
                        f"「{title}」第 {index} 段以“{m.group(1)}年”开头，与报告年度 {year} 年不符"
                        f"（可能沿用了往年文字）",
                        expected=str(year),
                        actual=m.group(1),
                        own_draft=own_draft,
                    )
                )
    return out


def _id_valid(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _luhn(number: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(number)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def privacy_findings(report: Report) -> list[Finding]:
    """PRIVACY: 身份证号, mobile numbers outside the contact details, bank cards, applicants' names."""
    out: list[Finding] = []
    contact_phone = re.sub(r"\D", "", report.meta.contact.phone)
    for section, title, index, p in section_paragraphs(report):
        where = f"「{title}」第 {index} 段"

        def flag(what: str, *, section=section, index=index) -> None:
            out.append(_finding(Rule.PRIVACY, section, index, what))

        ids = {m.group(1) for m in _ID_CARD.finditer(p) if _id_valid(m.group(1))}
        for number in sorted(ids):
            flag(f"{where}含身份证号（{number[:6]}********{number[-4:]}），公开前应删除")
        for m in _MOBILE.finditer(p):
            number = m.group(1)
            in_contact_block = section == "前言" and _CONTACT_WORDS.search(p[max(0, m.start() - 12) : m.start()])
            if number != contact_phone and not in_contact_block:
                flag(f"{where}含手机号码（{number[:3]}****{number[-4:]}），不属于联系方式的应删除")
        for m in _BANK_CARD.finditer(p):
            number = m.group(1)
            if number not in ids and _luhn(number):
                flag(f"{where}疑似含银行卡号（{number[:4]}****{number[-4:]}），公开前应删除")
        for m in _NAMED_PERSON.finditer(p):
            flag(f"{where}出现申请人姓名“{m.group(1)}”，公开前应隐去")
    return out
