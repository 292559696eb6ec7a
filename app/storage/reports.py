"""Reports and their versions: create, list, load, save with optimistic concurrency, restore, status.

Functions take a Session and leave the transaction to the caller (``Store.write()`` opens one per call), so
several of them can run in one transaction.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.storage.changes import Change, changed_areas, changes, summarize
from app.storage.common import check_who, get_record, get_version
from app.storage.db import now
from app.storage.deadlines import deadline
from app.storage.errors import ConflictError, DuplicateError, StorageError
from app.storage.findings import set_findings
from app.storage.info import ReportInfo, VersionInfo
from app.storage.models import ReportRecord, ReportVersion, Review, Unit
from app.storage.units import override_of, unit_for_report
from app.storage.vocab import REVIEW_SECTIONS, SIGNED_CONTENT_AREAS, STATUS_LABELS
from schemas.findings import Finding
from schemas.report import Report

CHANGES_LISTED = 3  # changes named in the note of a signed report sent back to review


def create_report(
    session: Session,
    report: Report,
    *,
    who: str,
    role: str,
    unit_id: int | None = None,
    kind: str = "create",
    summary: str = "新建报告",
    status: str = "filling",
) -> int:
    """Store a new report as version 1; its unit is ``unit_id`` or the one named by meta.agency (made if new).

    ``status`` is where its lifecycle starts: 填报中, or 已发布 for last year's published report.
    """
    if status not in STATUS_LABELS:
        raise ValueError(f"unknown status {status!r}")
    name = check_who(who, role)
    unit = unit_for_report(session, report, unit_id)
    year = report.meta.year
    if year is None:
        raise StorageError("请先填写报告年度。")
    check_year_free(session, unit, year)
    at = now(session)
    record = ReportRecord(
        unit_id=unit.id,
        year=year,
        level=report.meta.level,
        status=status,
        current_version=1,
        published_on=report.meta.publication.date,
        published_url=report.meta.publication.url,
        created_at=at,
        created_by=name,
        updated_at=at,
        updated_by=name,
        updated_role=role,
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError as error:  # another writer created it between the check and the insert
        raise DuplicateError(f"「{unit.name}」{year} 年度的报告已存在，请打开它继续编辑。") from error
    session.add(
        ReportVersion(
            report_id=record.id,
            version_no=1,
            content=report.model_dump_json(),
            kind=kind,
            author=name,
            role=role,
            created_at=at,
            summary=summary,
        )
    )
    session.flush()
    return record.id


def check_year_free(session: Session, unit: Unit, year: int, *, other_than: int | None = None) -> None:
    query = select(ReportRecord.id).where(ReportRecord.unit_id == unit.id, ReportRecord.year == year)
    if other_than is not None:
        query = query.where(ReportRecord.id != other_than)
    if session.scalar(query) is not None:
        raise DuplicateError(f"「{unit.name}」{year} 年度的报告已存在，请打开它继续编辑。")


def _info(record: ReportRecord, unit: Unit) -> ReportInfo:
    return ReportInfo(
        id=record.id,
        unit_id=unit.id,
        agency=unit.name,
        level=record.level,
        year=record.year,
        status=record.status,
        current_version=record.current_version,
        updated_at=record.updated_at,
        updated_by=record.updated_by,
        updated_role=record.updated_role,
        open_findings=record.open_findings,
        open_errors=record.open_errors,
        deadline=deadline(record.level, record.year, override_of(unit)),
        published_on=record.published_on,
        published_url=record.published_url,
        submitted=record.submitted,
        filed=record.filed,
        status_note=record.status_note or "",
    )


def list_reports(session: Session, *, unit_id: int | None = None, year: int | None = None) -> list[ReportInfo]:
    """The stored reports, newest year first, then by unit name."""
    query = select(ReportRecord, Unit).join(Unit).order_by(ReportRecord.year.desc(), Unit.name)
    if unit_id is not None:
        query = query.where(ReportRecord.unit_id == unit_id)
    if year is not None:
        query = query.where(ReportRecord.year == year)
    return [_info(record, unit) for record, unit in session.execute(query)]


def report_info(session: Session, report_id: int) -> ReportInfo:
    record = get_record(session, report_id)
    return _info(record, record.unit)


def load(session: Session, report_id: int, *, version: int | None = None) -> tuple[Report, int]:
    """The report (its current version, or ``version``) and that version's number."""
    record = get_record(session, report_id)
    number = record.current_version if version is None else version
    return Report.model_validate_json(get_version(session, report_id, number).content), number


def conflict(session: Session, report_id: int, expected_version: int) -> ConflictError:
    """The error for a change made on ``expected_version`` when another save came in since."""
    current = session.scalar(select(ReportRecord.current_version).where(ReportRecord.id == report_id))
    if current is None:
        get_record(session, report_id)  # raises NotFoundError
    row = get_version(session, report_id, current)
    return ConflictError(
        report_id=report_id,
        expected_version=expected_version,
        current_version=row.version_no,
        author=row.author,
        role=row.role,
        at=row.created_at,
        now=now(session),
    )


def save(
    session: Session,
    report_id: int,
    report: Report,
    *,
    expected_version: int,
    who: str,
    role: str,
    findings: list[Finding] | None = None,
    note: str = "",
) -> int:
    """Store ``report`` as a new version and return its number; unchanged → no version, the same number.

    ``expected_version`` is the version the editor loaded: when another save came in since, nothing is written
    and ConflictError says who saved which version when (the caller keeps its edited report). ``findings``,
    when given, are the check of ``report`` and are cached on the record in the same transaction. ``note``
    starts the version's change summary (e.g. who proposed the change: "采纳助手建议……；").
    """
    return save_version(
        session,
        report_id,
        report,
        expected_version=expected_version,
        who=who,
        role=role,
        findings=findings,
        prefix=note,
    )


def save_version(
    session: Session,
    report_id: int,
    report: Report,
    *,
    expected_version: int | None,
    who: str,
    role: str,
    kind: str = "edit",
    prefix: str = "",
    findings: list[Finding] | None = None,
    decisions: bool = False,
) -> int:
    """``save`` with the version's kind and a summary prefix; ``expected_version`` None means "the current one".

    Reviewers' confirmations change only through ``decisions`` (confirm, withdraw): any other save — an edit, a
    restored old version, a report sent back with confirmations typed in — keeps the ones in force.
    """
    name = check_who(who, role)
    record = get_record(session, report_id)
    expected = record.current_version if expected_version is None else expected_version
    if record.current_version != expected:
        raise conflict(session, report_id, expected)
    old = Report.model_validate_json(get_version(session, report_id, expected).content)
    if not decisions and report.confirmations != old.confirmations:
        report = report.model_copy(update={"confirmations": old.confirmations})
    if old == report:
        if findings is not None:
            set_findings(session, report_id, findings, version_no=expected)
        return expected
    found = changes(old, report) or [Change("其他", "其他修改")]
    at = now(session)
    new_no = expected + 1
    # the compare-and-set that makes a concurrent save fail instead of overwriting: only one UPDATE can match
    result = session.execute(
        update(ReportRecord)
        .where(ReportRecord.id == report_id, ReportRecord.current_version == expected)
        .values(current_version=new_no, updated_at=at, updated_by=name, updated_role=role)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise conflict(session, report_id, expected)
    session.expire(record)
    notes = _follow_content(session, record, report, found, new_no)
    session.add(
        ReportVersion(
            report_id=report_id,
            version_no=new_no,
            content=report.model_dump_json(),
            kind=kind,
            author=name,
            role=role,
            created_at=at,
            summary="；".join(p for p in (prefix + summarize(found), *notes) if p),
        )
    )
    session.flush()
    if findings is not None:
        set_findings(session, report_id, findings, version_no=new_no)
    return new_no


def _follow_content(
    session: Session, record: ReportRecord, report: Report, found: list[Change], version_no: int
) -> list[str]:
    """Bring the record in line with the saved report (version ``version_no``, changed by ``found``); returns notes
    for the version summary. A signed report whose content changed goes back to 审核中, saying why."""
    areas = changed_areas(found)
    year = report.meta.year
    if year is not None and year != record.year:
        check_year_free(session, record.unit, year, other_than=record.id)
        record.year = year
    record.level = report.meta.level
    record.published_on = report.meta.publication.date
    record.published_url = report.meta.publication.url
    reviewed = areas & set(REVIEW_SECTIONS)
    notes: list[str] = []
    if record.status in ("signed", "published") and areas & SIGNED_CONTENT_AREAS:
        was = STATUS_LABELS[record.status]
        record.status = "reviewing"
        listed = [c.text for c in found if c.area in SIGNED_CONTENT_AREAS]
        more = f"等 {len(listed)} 项" if len(listed) > CHANGES_LISTED else ""
        record.status_note = (
            f"第 {version_no} 版修改了{'；'.join(listed[:CHANGES_LISTED])}{more}：{was}的报告退回审核中，需重新审核签发"
        )
        notes.append(f"{was}的报告退回审核中，需重新审核签发")
    if not reviewed:
        return notes
    # an approval covers the text that was approved: a changed section needs approving again
    revoked = session.scalars(
        select(Review).where(
            Review.report_id == record.id, Review.section.in_(reviewed), Review.approved_by.is_not(None)
        )
    ).all()
    for review in revoked:
        review.approved_by = review.approved_at = review.approved_version = None
    if revoked:
        ordered = [s for s in REVIEW_SECTIONS if s in {r.section for r in revoked}]
        notes.append(f"已撤销审核通过：{'、'.join(ordered)}")
    return notes


def versions(session: Session, report_id: int) -> list[VersionInfo]:
    """Every version of the report, newest first, with who saved it, when and what changed."""
    get_record(session, report_id)
    rows = session.execute(
        select(
            ReportVersion.version_no,
            ReportVersion.kind,
            ReportVersion.author,
            ReportVersion.role,
            ReportVersion.created_at,
            ReportVersion.summary,
        )
        .where(ReportVersion.report_id == report_id)
        .order_by(ReportVersion.version_no.desc())
    )
    return [
        VersionInfo(report_id=report_id, version_no=n, kind=k, author=a, role=r, at=at, summary=s)
        for n, k, a, r, at, s in rows
    ]


def restore(
    session: Session, report_id: int, version_no: int, *, who: str, role: str, expected_version: int | None = None
) -> int:
    """A new version equal to version ``version_no`` (history is kept); the current number if they are equal."""
    target = Report.model_validate_json(get_version(session, report_id, version_no).content)
    return save_version(
        session,
        report_id,
        target,
        expected_version=expected_version,
        who=who,
        role=role,
        kind="restore",
        prefix=f"恢复为第 {version_no} 版：",
    )


def set_filing(
    session: Session, report_id: int, *, submitted: bool | None = None, filed: bool | None = None, who: str, role: str
) -> None:
    """Mark the report 报送 (submitted to the competent department) and/or 备案 (filed) — or undo either."""
    name = check_who(who, role)
    record = get_record(session, report_id)
    at = now(session)
    if submitted is not None and submitted != record.submitted:
        record.submitted = submitted
        record.submitted_at, record.submitted_by = (at, name) if submitted else (None, "")
    if filed is not None and filed != record.filed:
        record.filed = filed
        record.filed_at, record.filed_by = (at, name) if filed else (None, "")


def delete_report(session: Session, report_id: int) -> None:
    """Delete the report with all its versions, reviews, decisions, exports and messages."""
    session.delete(get_record(session, report_id))
    session.flush()
