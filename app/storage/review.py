"""Review: section approvals and comments, and the record of each export (the sign-off: app/storage/lifecycle.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.common import check_who, get_record
from app.storage.db import now
from app.storage.errors import ExportBlockedError, NotFoundError, RoleError, StorageError
from app.storage.info import CommentInfo, ExportInfo, ReviewInfo
from app.storage.lifecycle import after_approval, check_approvable
from app.storage.models import ExportRecord, ReportRecord, Review, ReviewComment
from app.storage.reports import conflict
from app.storage.vocab import REVIEW_SECTIONS
from schemas.findings import Finding


def _check_section(section: str) -> str:
    if section not in REVIEW_SECTIONS:
        raise ValueError(f"unknown section {section!r}; expected one of {REVIEW_SECTIONS}")
    return section


def _review(session: Session, report_id: int, section: str) -> Review:
    review = session.scalar(select(Review).where(Review.report_id == report_id, Review.section == section))
    if review is None:
        review = Review(report_id=report_id, section=section)
        session.add(review)
    return review


def approve(
    session: Session,
    report_id: int,
    section: str,
    *,
    who: str,
    role: str,
    findings: list[Finding] | None = None,
    expected_version: int | None = None,
) -> None:
    """Approve ``section`` as it stands in the current version (only a reviewer approves); a report still 填报中 or
    待审核 moves to 审核中. ``findings`` (the fresh check of the current report): refused while an open error sits
    in the section. ``expected_version`` is the version the reviewer read: another save since is a ConflictError
    (nobody approves a text they have not seen)."""
    name = check_who(who, role)
    if role != "reviewer":
        raise RoleError("只有审核人可以审核通过。")
    get_record(session, report_id)  # a NotFoundError first
    # the record locked until the approval commits: a save between the version check and the approval would
    # otherwise leave a text approved that the reviewer never saw (PostgreSQL; SQLite's write lock does the same)
    record = session.get(ReportRecord, report_id, with_for_update=True, populate_existing=True)
    if expected_version is not None and record.current_version != expected_version:
        raise conflict(session, report_id, expected_version)
    check_approvable(session, report_id, _check_section(section), findings)
    review = _review(session, report_id, section)
    review.approved_by, review.approved_at = name, now(session)
    review.approved_version = record.current_version
    after_approval(session, record, name)
    session.flush()


def revoke(session: Session, report_id: int, section: str) -> None:
    """Withdraw the approval of ``section``."""
    get_record(session, report_id)
    review = _review(session, report_id, _check_section(section))
    review.approved_by = review.approved_at = review.approved_version = None
    session.flush()


def add_comment(session: Session, report_id: int, section: str, text: str, *, who: str, role: str) -> int:
    """A review comment on ``section``; returns its id."""
    name = check_who(who, role)
    get_record(session, report_id)
    if not text.strip():
        raise StorageError("意见内容不能为空。")
    comment = ReviewComment(
        report_id=report_id,
        section=_check_section(section),
        text=text.strip(),
        author=name,
        role=role,
        created_at=now(session),
    )
    session.add(comment)
    session.flush()
    return comment.id


def resolve_comment(session: Session, comment_id: int, *, who: str, role: str, resolved: bool = True) -> None:
    """Mark a comment resolved (or open again)."""
    name = check_who(who, role)
    comment = session.get(ReviewComment, comment_id)
    if comment is None:
        raise NotFoundError(f"找不到编号为 {comment_id} 的审核意见。")
    comment.resolved = resolved
    comment.resolved_by, comment.resolved_at = (name, now(session)) if resolved else ("", None)


def reviews(session: Session, report_id: int) -> dict[str, ReviewInfo]:
    """Section → its approval and comments, for every reviewable section in report order."""
    get_record(session, report_id)
    approvals = {r.section: r for r in session.scalars(select(Review).where(Review.report_id == report_id))}
    comments: dict[str, list[CommentInfo]] = {}
    for c in session.scalars(
        select(ReviewComment).where(ReviewComment.report_id == report_id).order_by(ReviewComment.id)
    ):
        comments.setdefault(c.section, []).append(
            CommentInfo(
                id=c.id,
                section=c.section,
                text=c.text,
                author=c.author,
                role=c.role,
                at=c.created_at,
                resolved=c.resolved,
                resolved_by=c.resolved_by,
            )
        )
    out: dict[str, ReviewInfo] = {}
    for section in REVIEW_SECTIONS:
        review = approvals.get(section)
        out[section] = ReviewInfo(
            section=section,
            approved_by=review.approved_by if review else None,
            approved_at=review.approved_at if review else None,
            approved_version=review.approved_version if review else None,
            comments=tuple(comments.get(section, ())),
        )
    return out


def record_export(
    session: Session,
    report_id: int,
    *,
    format: str,
    who: str,
    role: str,
    open_errors: int = 0,
    override_reason: str = "",
) -> None:
    """Record a download (the status does not move: downloads before the sign-off are for internal circulation);
    with error findings open it needs a reviewer's reason."""
    name = check_who(who, role)
    record = get_record(session, report_id)
    reason = override_reason.strip()
    if open_errors > 0:
        if role != "reviewer":
            raise RoleError(f"还有 {open_errors} 个错误未处理，只有审核人可以填写理由后强制导出。")
        if not reason:
            raise ExportBlockedError(f"还有 {open_errors} 个错误未处理：请先修正，或由审核人填写强制导出的理由。")
    session.add(
        ExportRecord(
            report_id=report_id,
            version_no=record.current_version,
            format=format,
            exported_by=name,
            role=role,
            exported_at=now(session),
            open_errors=open_errors,
            override_reason=reason,
        )
    )
    session.flush()


def exports(session: Session, report_id: int) -> list[ExportInfo]:
    """The report's downloads, newest first."""
    get_record(session, report_id)
    rows = session.scalars(
        select(ExportRecord).where(ExportRecord.report_id == report_id).order_by(ExportRecord.id.desc())
    )
    return [
        ExportInfo(
            version_no=r.version_no,
            format=r.format,
            by=r.exported_by,
            role=r.role,
            at=r.exported_at,
            open_errors=r.open_errors,
            override_reason=r.override_reason,
        )
        for r in rows
    ]
