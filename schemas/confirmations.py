"""Reviewers' confirmations of findings: which finding a confirmation covers, and a new one made from a finding.

One mechanism for every finding (a table sum, an unsupported number in a draft, a placeholder): the reviewer
writes a reason, the confirmation is kept in the report with name and time, and it covers the finding only while
the finding — and the sentence its claim stands in — is unchanged.
"""

from __future__ import annotations

import datetime as dt
import re

from schemas.drafting import Confirmation, value_text
from schemas.findings import Finding
from schemas.report import NARRATIVE_SECTIONS, Report
from schemas.rule_catalogue import rule_info

_SENTENCE = re.compile(r"[^。；;！!？?]*[。；;！!？?]?")


class ConfirmationRefused(ValueError):
    """A confirmation that cannot be made; ``str(error)`` is the Chinese message."""


class ReasonRequired(ConfirmationRefused):
    """A confirmation without a written reason (or without a name)."""


def paragraph_text(report: Report, section: str, index: int) -> str | None:
    """The ``index``-th (1-based) paragraph of a narrative section, as findings address it; None if absent."""
    if section == "前言":
        paragraphs = [p for p in report.preface.split("\n") if p.strip()]
    elif section in NARRATIVE_SECTIONS:
        paragraphs = getattr(report, NARRATIVE_SECTIONS[section]).paragraphs()
    else:
        return None
    return paragraphs[index - 1] if 1 <= index <= len(paragraphs) else None


def _holds(sentence: str, value: str) -> bool:
    if value[0].isdigit() and value[-1].isdigit():  # 3 is not in 386 or 2.3
        return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.])", sentence) is not None
    return value in sentence


def claim_of(report: Report, finding: Finding) -> str:
    """The words the finding's claim stands in: the one sentence of its paragraph holding the value, else the
    whole paragraph (the value in several sentences, or in none); "" for a finding off the text."""
    if finding.section is None or finding.paragraph is None:
        return ""
    text = paragraph_text(report, finding.section, finding.paragraph)
    if text is None:
        return ""
    value = value_text(finding.actual)
    holding = [s.strip() for s in _SENTENCE.findall(text) if value and _holds(s, value)]
    return holding[0] if len(holding) == 1 else text.strip()


def confirmation_of(report: Report, finding: Finding) -> Confirmation | None:
    """The reviewer's confirmation that covers ``finding`` in ``report`` as it reads now, if any."""
    if not report.confirmations or not rule_info(finding.rule).confirmable:
        return None  # a confirmation of a rule that allows none (typed into the JSON by hand) confirms nothing
    claim = claim_of(report, finding)
    return next((c for c in report.confirmations if c.applies_to(finding, claim)), None)


def open_findings(report: Report, findings: list[Finding]) -> list[Finding]:
    """The findings no confirmation in ``report`` covers."""
    return [f for f in findings if confirmation_of(report, f) is None]


def confirmed_findings(report: Report, findings: list[Finding]) -> list[tuple[Finding, Confirmation]]:
    """The findings a confirmation covers, each with it."""
    out = []
    for f in findings:
        c = confirmation_of(report, f)
        if c is not None:
            out.append((f, c))
    return out


def new_confirmation(report: Report, finding: Finding, *, reason: str, by: str, at: dt.datetime) -> Confirmation:
    """A confirmation of ``finding`` as ``report`` reads now (an empty or blank reason: ReasonRequired)."""
    if not rule_info(finding.rule).confirmable:
        raise ConfirmationRefused(f"{finding.rule} 不能确认放行：{rule_info(finding.rule).dismiss}")
    if not reason.strip():
        raise ReasonRequired("确认一条发现必须写明理由（例如“该数字经核实无误，见某某文件”）。")
    if not by.strip():
        raise ReasonRequired("确认一条发现必须署名：请先填写你的姓名。")
    return Confirmation(
        rule=finding.rule,
        section=finding.section,
        paragraph=finding.paragraph,
        table=finding.table,
        group=finding.group,
        row=finding.row,
        column=finding.column,
        value=value_text(finding.actual),
        expected=value_text(finding.expected),
        claim=claim_of(report, finding),
        message=finding.message,
        reason=reason.strip(),
        by=by.strip(),
        at=at,
    )


def with_confirmation(report: Report, confirmation: Confirmation) -> Report:
    """A copy of ``report`` holding ``confirmation`` (replacing one that names the same finding and claim)."""
    out = report.model_copy(deep=True)
    same = confirmation.model_dump(include=_IDENTITY)
    out.confirmations = [c for c in out.confirmations if c.model_dump(include=_IDENTITY) != same] + [confirmation]
    return out


_IDENTITY = {"rule", "section", "paragraph", "table", "group", "row", "column", "value", "expected", "claim"}


def describe(confirmation: Confirmation) -> str:
    """One line for the history: what was confirmed, by whom, and why."""
    if confirmation.table:
        place = f"表{confirmation.table}" + "".join(
            f"「{p}」" for p in (confirmation.group, confirmation.row, confirmation.column) if p
        )
    elif confirmation.section:
        place = f"「{confirmation.section}」" + (f"第{confirmation.paragraph}段" if confirmation.paragraph else "")
    else:
        place = "全文"
    value = f"“{confirmation.value}”" if confirmation.value else ""
    return f"审核确认 {confirmation.rule} {place}{value}（{confirmation.by}）：{confirmation.reason}"
