"""A report as one JSON file — current report, versions, reviews, decisions, exports, conversation — and back.

For backups and for moving a report to another machine. ``import_json`` also takes a bare report JSON
(``Report.model_dump_json()``, as ``nianbao import`` writes it) and stores it as a new report.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from app.storage import backup_document
from app.storage.backup_document import BACKUP_FORMAT, BACKUP_KIND, Backup, BareReport, check_name, parse_document
from app.storage.common import check_who, get_record
from app.storage.db import now
from app.storage.decisions import lift_dismissals
from app.storage.errors import BackupError
from app.storage.models import Base, ReportRecord, ReportVersion
from app.storage.reports import check_year_free, create_report
from app.storage.units import create_unit, get_unit, override_of, unit_by_name

# backup key → the table rows it holds (all belong to the report)
PARTS: dict[str, type[Base]] = {key: rows for key, (_, rows) in backup_document.PARTS.items()}
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
        values[column.key] = data[column.key]  # checked and typed by app/storage/backup_document.py
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


def parse(text: str) -> Backup | BareReport:
    """The backup (or bare report JSON) in ``text``, checked completely before any transaction begins."""
    return parse_document(text)


def import_json(session: Session, text: str, *, who: str, role: str) -> int:
    """Store a backup (or a bare report JSON) as a new report in this database; returns its id."""
    check_name(check_who(who, role))
    return restore(session, parse_document(text), who=who, role=role)


def restore(session: Session, document: Backup | BareReport, *, who: str, role: str) -> int:
    """Store a checked backup (or bare report) as a new report; returns its id."""
    name = check_who(who, role)
    check_name(name)
    if isinstance(document, BareReport):
        return create_report(
            session, document.report, who=name, role=role, kind="import", summary="从报告 JSON 文件导入"
        )
    try:
        return _restore_backup(session, document)
    except (IntegrityError, DataError) as error:  # a constraint the checks did not foresee: nothing is kept
        raise BackupError("备份与数据库中已有的内容冲突（可能刚有人导入了同一份报告），未导入任何内容。") from error


def _restore_backup(session: Session, backup: Backup) -> int:
    unit_data = backup.unit
    unit = unit_by_name(session, unit_data.name)
    if unit is None:
        override = unit_data.deadline_override
        unit = get_unit(
            session,
            create_unit(session, unit_data.name, level=unit_data.level, deadline_override=override),
        )
    check_year_free(session, unit, backup.record.year)
    record = _build(ReportRecord, {**backup.record.model_dump(), "status": backup.status}, unit_id=unit.id)
    record.current_version = backup.versions[-1][0].version_no
    session.add(record)
    session.flush()
    for version, report in backup.versions:
        values = {**version.model_dump(exclude={"report"}), "content": report.model_dump_json()}
        session.add(_build(ReportVersion, values, report_id=record.id))
    for key, items in backup.parts.items():
        model = PARTS[key]
        for item in items:
            session.add(_build(model, item, report_id=record.id))
    session.flush()
    lift_dismissals(session, report_id=record.id)  # a backup from before confirmations were the report's
    return record.id
