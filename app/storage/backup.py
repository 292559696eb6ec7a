"""A report as one JSON file — current report, versions, reviews, decisions, exports, conversation — and back.

For backups and for moving a report to another machine. ``import_json`` also takes a bare report JSON
(``Report.model_dump_json()``, as ``nianbao import`` writes it) and stores it as a new report.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Date, select
from sqlalchemy.orm import Session

from app.storage.common import check_who, get_record
from app.storage.db import now
from app.storage.decisions import lift_dismissals
from app.storage.errors import BackupError
from app.storage.lifecycle import old_status
from app.storage.models import (
    Base,
    ChatMessage,
    ExportRecord,
    FindingDecision,
    ReportRecord,
    ReportVersion,
    Review,
    ReviewComment,
    UTCDateTime,
)
from app.storage.reports import check_year_free, create_report
from app.storage.units import create_unit, get_unit, override_of, unit_by_name
from app.storage.vocab import STATUS_LABELS
from schemas.report import Report

BACKUP_KIND = "nianbao-report-backup"
BACKUP_FORMAT = 1
# backup key → the table rows it holds (all belong to the report)
PARTS: dict[str, type[Base]] = {
    "reviews": Review,
    "comments": ReviewComment,
    "decisions": FindingDecision,
    "exports": ExportRecord,
    "messages": ChatMessage,
}
_SKIPPED = frozenset({"id", "report_id", "unit_id"})


def _dump(row: Base) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        if column.key in _SKIPPED:
            continue
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return out


def _build(model: type[Base], data: dict[str, Any], **fixed: Any) -> Any:
    values: dict[str, Any] = {}
    for column in model.__table__.columns:
        if column.key in _SKIPPED or column.key not in data:
            continue
        value = data[column.key]
        if value is not None and isinstance(column.type, UTCDateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = dt.date.fromisoformat(value)
        values[column.key] = value
    return model(**values, **fixed)


def export_json(session: Session, report_id: int, *, history: bool = True) -> str:
    """The report as a backup JSON document (every version with ``history``, else the current one only)."""
    record = get_record(session, report_id)
    query = select(ReportVersion).where(ReportVersion.report_id == report_id).order_by(ReportVersion.version_no)
    if not history:
        query = query.where(ReportVersion.version_no == record.current_version)
    versions = []
    for row in session.scalars(query):
        entry = _dump(row)
        entry["report"] = json.loads(entry.pop("content"))
        versions.append(entry)
    unit = record.unit
    document: dict[str, Any] = {
        "kind": BACKUP_KIND,
        "format": BACKUP_FORMAT,
        "exported_at": now(session).isoformat(),
        "unit": {"name": unit.name, "level": unit.level, "deadline_override": override_of(unit)},
        "record": _dump(record),
        "versions": versions,
    }
    for key, model in PARTS.items():
        rows = session.scalars(select(model).where(model.report_id == report_id).order_by(model.id))
        document[key] = [_dump(row) for row in rows]
    return json.dumps(document, ensure_ascii=False, indent=1)


def _report_json(data: Any, where: str) -> str:
    try:
        return Report.model_validate(data).model_dump_json()
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise BackupError(f"{where}的报告内容无效：{place}：{first['msg']}（共 {error.error_count()} 处）") from error


def import_json(session: Session, text: str, *, who: str, role: str) -> int:
    """Store a backup (or a bare report JSON) as a new report in this database; returns its id."""
    name = check_who(who, role)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BackupError(f"文件不是有效的 JSON（第 {error.lineno} 行：{error.msg}）。") from error
    if not isinstance(data, dict):
        raise BackupError("这不是年报助手的报告备份，也不是报告 JSON 文件。")
    if data.get("kind") != BACKUP_KIND:
        if "meta" not in data:
            raise BackupError("这不是年报助手的报告备份，也不是报告 JSON 文件。")
        report = Report.model_validate_json(_report_json(data, "文件中"))
        return create_report(session, report, who=name, role=role, kind="import", summary="从报告 JSON 文件导入")
    if data.get("format") != BACKUP_FORMAT:
        raise BackupError(f"备份文件格式第 {data.get('format')} 版不受支持（本程序读取第 {BACKUP_FORMAT} 版）。")
    try:
        return _restore_backup(session, data)
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(f"备份文件不完整或已损坏（{error}）。") from error


def _restore_backup(session: Session, data: dict[str, Any]) -> int:
    versions = sorted(data["versions"], key=lambda v: v["version_no"])
    if not versions:
        raise BackupError("备份中没有报告内容。")
    contents = [_report_json(v["report"], f"备份第 {v['version_no']} 版") for v in versions]
    record_data = dict(data["record"])
    try:  # a backup from before the lifecycle carries the old statuses (草稿 … 已导出)
        record_data["status"] = old_status(
            record_data.get("status", "filling"), Report.model_validate_json(contents[-1])
        )
    except ValueError:
        raise BackupError(
            f"备份中的报告状态「{record_data.get('status')}」无法识别，未导入任何内容。"
            f"可识别的状态：{'、'.join(STATUS_LABELS.values())}。"
        ) from None
    unit_data = data["unit"]
    unit = unit_by_name(session, unit_data["name"])
    if unit is None:
        override = unit_data.get("deadline_override")
        unit = get_unit(
            session,
            create_unit(
                session,
                unit_data["name"],
                level=unit_data["level"],
                deadline_override=tuple(override) if override else None,
            ),
        )
    check_year_free(session, unit, int(record_data["year"]))
    record = _build(ReportRecord, record_data, unit_id=unit.id)
    record.current_version = versions[-1]["version_no"]
    session.add(record)
    session.flush()
    for entry, content in zip(versions, contents, strict=True):
        session.add(_build(ReportVersion, {**entry, "content": content}, report_id=record.id))
    for key, model in PARTS.items():
        for item in data.get(key, []):
            session.add(_build(model, item, report_id=record.id))
    session.flush()
    lift_dismissals(session, report_id=record.id)  # a backup from before confirmations were the report's
    return record.id
