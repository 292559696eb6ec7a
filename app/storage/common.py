"""Small helpers the storage modules share: find a report or a version, check who is writing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.errors import NotFoundError, StorageError
from app.storage.models import ReportRecord, ReportVersion
from app.storage.vocab import check_role


def get_record(session: Session, report_id: int) -> ReportRecord:
    """The report's record (a NotFoundError when there is none)."""
    record = session.get(ReportRecord, report_id)
    if record is None:
        raise NotFoundError(f"找不到编号为 {report_id} 的报告（可能已被删除）。")
    return record


def get_version(session: Session, report_id: int, version_no: int) -> ReportVersion:
    """One stored version of the report (a NotFoundError when there is none)."""
    row = session.scalar(
        select(ReportVersion).where(ReportVersion.report_id == report_id, ReportVersion.version_no == version_no)
    )
    if row is None:
        raise NotFoundError(f"报告 {report_id} 没有第 {version_no} 版。")
    return row


def check_who(who: str, role: str) -> str:
    """``who`` stripped; every write names a person (or 助手) and a known role."""
    check_role(role)
    name = who.strip()
    if not name:
        raise StorageError("请先填写你的姓名（每次保存都会记录是谁修改的）。")
    return name
