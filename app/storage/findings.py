"""Findings on a stored report: each one fixed or dismissed with a reason, and the open counts cached."""

from __future__ import annotations

import hashlib

from pydantic import TypeAdapter
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.storage.common import check_who, get_record
from app.storage.db import now
from app.storage.errors import StorageError
from app.storage.info import DecisionInfo
from app.storage.models import FindingDecision, ReportRecord
from app.storage.vocab import DECISION_LABELS
from schemas.findings import Finding

_FINDINGS = TypeAdapter(list[Finding])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def finding_key(finding: Finding) -> str:
    """A finding's identity: rule, place (table/group/row/column or section/paragraph) and the actual value.

    The actual value is part of it, so a dismissal does not carry over to different numbers at the same place;
    a long actual text (a quoted sentence) is kept as its digest so the key stays short.
    """
    actual = _text(finding.actual)
    if len(actual) > 100:
        actual = "sha1:" + hashlib.sha1(actual.encode("utf-8")).hexdigest()
    parts = (
        finding.rule,
        finding.table,
        finding.group,
        finding.row,
        finding.column,
        finding.section,
        finding.paragraph,
        actual,
    )
    return "|".join(_text(p) for p in parts)


def dismissed_keys(session: Session, report_id: int) -> set[str]:
    rows = session.scalars(
        select(FindingDecision.key).where(
            FindingDecision.report_id == report_id, FindingDecision.decision == "dismissed"
        )
    )
    return set(rows)


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


def open_findings(findings: list[Finding], dismissed: set[str]) -> list[Finding]:
    """The findings still open: all but the dismissed ones (a finding marked fixed that still fires is open)."""
    return [f for f in findings if finding_key(f) not in dismissed]


def _recount(session: Session, record: ReportRecord) -> None:
    if record.findings_json is None:
        record.open_findings = record.open_errors = None
        return
    still_open = open_findings(_FINDINGS.validate_json(record.findings_json), dismissed_keys(session, record.id))
    record.open_findings = len(still_open)
    record.open_errors = sum(1 for f in still_open if f.severity == "error")


def decide(
    session: Session, report_id: int, finding: Finding, decision: str, *, reason: str = "", who: str, role: str
) -> str:
    """Record ``finding`` as fixed or dismissed (a dismissal needs a reason); returns the finding's key."""
    if decision not in DECISION_LABELS:
        raise ValueError(f"unknown decision {decision!r}")
    name = check_who(who, role)
    if decision == "dismissed" and not reason.strip():
        raise StorageError("忽略一条发现必须填写理由（例如“该数字经核实无误”）。")
    record = get_record(session, report_id)
    key = finding_key(finding)
    row = session.scalar(
        select(FindingDecision).where(FindingDecision.report_id == report_id, FindingDecision.key == key)
    )
    if row is None:
        row = FindingDecision(report_id=report_id, key=key)
        session.add(row)
    row.rule = finding.rule
    row.table_label, row.group_label = finding.table, finding.group
    row.row_label, row.column_label = finding.row, finding.column
    row.section, row.paragraph = finding.section, finding.paragraph
    row.actual, row.message = _text(finding.actual), finding.message
    row.decision, row.reason = decision, reason.strip()
    row.decided_by, row.role, row.decided_at = name, role, now(session)
    row.version_no = record.current_version
    session.flush()
    _recount(session, record)
    return key


def undo_decision(session: Session, report_id: int, key: str) -> None:
    """Forget the decision on the finding ``key`` (it counts as open again)."""
    record = get_record(session, report_id)
    session.execute(delete(FindingDecision).where(FindingDecision.report_id == report_id, FindingDecision.key == key))
    _recount(session, record)


def decisions(session: Session, report_id: int) -> dict[str, DecisionInfo]:
    """Finding key → its decision."""
    rows = session.scalars(
        select(FindingDecision).where(FindingDecision.report_id == report_id).order_by(FindingDecision.id)
    )
    return {
        r.key: DecisionInfo(
            key=r.key,
            rule=r.rule,
            decision=r.decision,
            reason=r.reason,
            by=r.decided_by,
            role=r.role,
            at=r.decided_at,
            version_no=r.version_no,
            message=r.message,
        )
        for r in rows
    }
