"""Wording rules: YEAR (dates that do not fit the report year, defined in ``years``) and PRIVACY (personal data)."""

from __future__ import annotations

import re

from app import lazy_re
from app.rules.narrative import section_paragraphs
from app.rules.years import year_findings
from schemas.findings import Finding, Rule, finding
from schemas.report import Report

_ID_CARD = lazy_re.compile(
    r"(?<![\dA-Za-z])(\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![\dA-Za-z])"
)
_MOBILE = lazy_re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")
_BANK_CARD = lazy_re.compile(r"(?<!\d)(\d{16,19})(?!\d)")
_NAMED_PERSON = lazy_re.compile(r"(?:申请人|当事人)[：:]?\s*([\u4e00-\u9fff](?!某)[\u4e00-\u9fff]{0,2}(?:先生|女士))")
_CONTACT_WORDS = lazy_re.compile(r"电话|手机|联系|咨询|热线|传真")


def wording_findings(report: Report, *, own_draft: bool = False) -> list[Finding]:
    """YEAR and PRIVACY findings of the report's narrative."""
    return year_findings(report, own_draft=own_draft) + privacy_findings(report)


def _finding(rule: Rule, section: str, index: int, message: str, *, own_draft: bool = False, **kw) -> Finding:
    return finding(rule, own_draft=own_draft, section=section, paragraph=index, message=message, **kw)


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
