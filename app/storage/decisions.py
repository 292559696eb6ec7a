"""Decisions on findings: a reviewer's confirmation with a written reason (kept in the report, a new version in
the history), or a clerk's "fixed" note; and databases and backups from before confirmations were the report's.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.storage.common import check_who, get_record
from app.storage.db import now
from app.storage.errors import RoleError, StorageError
from app.storage.findings import confirmation_key, finding_key, recount
from app.storage.info import DecisionInfo
from app.storage.models import FindingDecision
from app.storage.reports import load, save_version
from app.storage.vocab import DECISION_LABELS
from schemas.confirmations import ConfirmationRefused, new_confirmation, with_confirmation
from schemas.drafting import Confirmation, value_text
from schemas.findings import Finding


def confirm(
    session: Session,
    report_id: int,
    finding: Finding,
    *,
    reason: str,
    who: str,
    role: str,
    expected_version: int | None = None,
) -> int:
    """Confirm ``finding`` with a written reason: saved in the report as a new version (its number). A clerk may
    confirm a warning; an error needs the reviewer.

    The confirmation names the finding as the current version reads, so it lapses when the claim changes.
    ``expected_version`` is the version the user looked at (another save since: ConflictError).
    """
    name = check_who(who, role)
    if finding.severity == "error" and role != "reviewer":
        raise RoleError("错误只有审核人可以写明理由确认；经办人请先修正，或请审核人确认。")
    if role not in ("clerk", "reviewer"):
        raise RoleError("确认一条发现须由经办人（警告）或审核人写明理由。")
    report, number = load(session, report_id, version=expected_version)
    try:
        confirmation = new_confirmation(report, finding, reason=reason, by=name, at=now(session))
    except ConfirmationRefused as error:
        raise StorageError(str(error)) from error
    version = save_version(
        session,
        report_id,
        with_confirmation(report, confirmation),
        expected_version=number,
        who=name,
        role=role,
        decisions=True,
    )
    recount(session, report_id)
    return version


def withdraw(session: Session, report_id: int, key: str, *, who: str, role: str) -> int:
    """Withdraw the confirmations of the finding ``key`` (a new version); returns the current version number."""
    name = check_who(who, role)
    report, number = load(session, report_id)
    kept = [c for c in report.confirmations if confirmation_key(c) != key]
    if len(kept) == len(report.confirmations):
        return number
    report.confirmations = kept
    version = save_version(session, report_id, report, expected_version=number, who=name, role=role, decisions=True)
    recount(session, report_id)
    return version


def decide(
    session: Session, report_id: int, finding: Finding, decision: str, *, reason: str = "", who: str, role: str
) -> str:
    """Mark ``finding`` fixed (a note), or dismiss it — a reviewer's confirmation with a reason; returns its key."""
    if decision not in DECISION_LABELS:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "dismissed":
        confirm(session, report_id, finding, reason=reason, who=who, role=role)
        return finding_key(finding)
    name = check_who(who, role)
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
    row.actual, row.message = value_text(finding.actual), finding.message
    row.decision, row.reason = decision, reason.strip()
    row.decided_by, row.role, row.decided_at = name, role, now(session)
    row.version_no = record.current_version
    session.flush()
    return key


def undo_decision(session: Session, report_id: int, key: str, *, who: str = "", role: str = "reviewer") -> None:
    """Forget the decision on the finding ``key``: a "fixed" note, or a confirmation (that needs ``who``)."""
    get_record(session, report_id)
    session.execute(delete(FindingDecision).where(FindingDecision.report_id == report_id, FindingDecision.key == key))
    report, _ = load(session, report_id)
    if any(confirmation_key(c) == key for c in report.confirmations):
        withdraw(session, report_id, key, who=who, role=role)
    recount(session, report_id)


def decisions(session: Session, report_id: int) -> dict[str, DecisionInfo]:
    """Finding key → its decision: the "fixed" notes, then the current version's confirmations."""
    rows = session.scalars(
        select(FindingDecision).where(FindingDecision.report_id == report_id).order_by(FindingDecision.id)
    )
    out = {
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
    report, number = load(session, report_id)
    for c in report.confirmations:
        key = confirmation_key(c)
        out[key] = DecisionInfo(
            key=key,
            rule=c.rule,
            decision="dismissed",
            reason=c.reason,
            by=c.by,
            role="reviewer",
            at=c.at,
            version_no=number,
            message=c.message,
        )
    return out


def lift_dismissals(session: Session, *, report_id: int | None = None) -> int:
    """Turn dismissals stored beside the report (before confirmations were the report's) into confirmations.

    Each report with such rows gets one new version holding them; the rows go. Returns how many were lifted.
    """
    query = select(FindingDecision).where(FindingDecision.decision == "dismissed").order_by(FindingDecision.id)
    if report_id is not None:
        query = query.where(FindingDecision.report_id == report_id)
    by_report: dict[int, list[FindingDecision]] = {}
    for row in session.scalars(query):
        by_report.setdefault(row.report_id, []).append(row)
    for rid, rows in by_report.items():
        report, number = load(session, rid)
        report.confirmations += [
            Confirmation(
                rule=r.rule,
                section=r.section,
                paragraph=r.paragraph,
                table=r.table_label,
                group=r.group_label,
                row=r.row_label,
                column=r.column_label,
                value=r.actual,
                message=r.message,
                reason=r.reason,
                by=r.decided_by,
                at=r.decided_at,
            )
            for r in rows
        ]
        last = rows[-1]
        save_version(
            session,
            rid,
            report,
            expected_version=number,
            who=last.decided_by,
            role=last.role,
            prefix="原“忽略”记录转为审核确认：",
            decisions=True,
        )
        for r in rows:
            session.delete(r)
        session.flush()
        recount(session, rid)
    return sum(len(rows) for rows in by_report.values())
