"""Findings on a stored report: the latest check cached with its open counts; a finding marked fixed, or
confirmed by a reviewer with a written reason.

A confirmation is the report's own (``Report.confirmations``, one mechanism for every finding): confirming saves
a new version whose change summary names the finding, the reviewer and the reason, so it is in the history.
"Fixed" is a clerk's note only: a finding marked fixed that still fires stays open.
"""

from __future__ import annotations

import hashlib

from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from app.storage.common import get_record, get_version
from app.storage.models import ReportRecord
from schemas.confirmations import open_findings
from schemas.drafting import Confirmation, value_text
from schemas.findings import Finding
from schemas.report import Report

_FINDINGS = TypeAdapter(list[Finding])


_text = value_text


def _key(item: Finding | Confirmation) -> str:
    actual = _text(item.actual) if isinstance(item, Finding) else item.value
    if len(actual) > 100:
        actual = "sha1:" + hashlib.sha1(actual.encode("utf-8")).hexdigest()
    parts = (item.rule, item.table, item.group, item.row, item.column, item.section, item.paragraph, actual)
    return "|".join(_text(p) for p in parts)


def finding_key(finding: Finding) -> str:
    """A finding's identity: rule, place (table/group/row/column or section/paragraph) and the actual value.

    The actual value is part of it, so a decision does not carry over to different numbers at the same place;
    a long actual text (a quoted sentence) is kept as its digest so the key stays short.
    """
    return _key(finding)


def confirmation_key(confirmation: Confirmation) -> str:
    """The key of the finding ``confirmation`` names (as ``finding_key`` gives it)."""
    return _key(confirmation)


def _current_report(session: Session, record: ReportRecord) -> Report:
    return Report.model_validate_json(get_version(session, record.id, record.current_version).content)


def set_findings(session: Session, report_id: int, findings: list[Finding], *, version_no: int | None = None) -> None:
    """Keep the latest check's findings on the report and cache its open counts (dismissed ones left out)."""
    record = get_record(session, report_id)
    record.findings_json = _FINDINGS.dump_json(findings).decode("utf-8")
    record.findings_version = version_no if version_no is not None else record.current_version
    _recount(session, record)


def stored_findings(session: Session, report_id: int) -> list[Finding] | None:
    """The latest check's findings as stored (None when the report was never checked)."""
    record = get_record(session, report_id)
    return None if record.findings_json is None else _FINDINGS.validate_json(record.findings_json)


def _recount(session: Session, record: ReportRecord) -> None:
    if record.findings_json is None:
        record.open_findings = record.open_errors = None
        return
    found = _FINDINGS.validate_json(record.findings_json)
    still_open = open_findings(_current_report(session, record), found)
    record.open_findings = len(still_open)
    record.open_errors = sum(1 for f in still_open if f.severity == "error")


def recount(session: Session, report_id: int) -> None:
    """Cache the open counts again (after the report's confirmations changed)."""
    _recount(session, get_record(session, report_id))
