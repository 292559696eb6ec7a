"""Units (the agencies that report): create, rename, local deadline, and the year's overview of all units."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.storage.db import now
from app.storage.deadlines import MonthDay, check_month_day, deadline, standing, timeliness
from app.storage.errors import DuplicateError, NotFoundError, StorageError
from app.storage.info import UnitInfo, UnitProgress
from app.storage.models import ReportRecord, Unit
from schemas.registry import LEVEL_LABELS
from schemas.report import Report


def _check_level(level: str) -> str:
    if level not in LEVEL_LABELS:
        raise ValueError(f"unknown level {level!r}; expected one of {sorted(LEVEL_LABELS)}")
    return level


def override_of(unit: Unit) -> MonthDay | None:
    if unit.deadline_month is None or unit.deadline_day is None:
        return None
    return (unit.deadline_month, unit.deadline_day)


def get_unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFoundError(f"找不到编号为 {unit_id} 的单位。")
    return unit


def unit_by_name(session: Session, name: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.name == name.strip()))


def create_unit(session: Session, name: str, *, level: str, deadline_override: MonthDay | None = None) -> int:
    """A new unit's id (a DuplicateError when the name is taken)."""
    name = name.strip()
    if not name:
        raise StorageError("请先填写单位名称。")
    if unit_by_name(session, name) is not None:
        raise DuplicateError(f"单位「{name}」已存在。")
    month, day = check_month_day(deadline_override) or (None, None)
    unit = Unit(name=name, level=_check_level(level), deadline_month=month, deadline_day=day, created_at=now(session))
    session.add(unit)
    try:
        session.flush()
    except IntegrityError as error:  # another process created it between the check and the insert
        raise DuplicateError(f"单位「{name}」已存在。") from error
    return unit.id


def unit_for_report(session: Session, report: Report, unit_id: int | None) -> Unit:
    """The unit ``unit_id``, or the one named by the report's agency (created when new)."""
    if unit_id is not None:
        return get_unit(session, unit_id)
    name = report.meta.agency.strip()
    if not name:
        raise StorageError("请先填写单位名称。")
    unit = unit_by_name(session, name)
    if unit is None:
        unit = get_unit(session, create_unit(session, name, level=report.meta.level))
    return unit


def update_unit(session: Session, unit_id: int, *, name: str | None = None, level: str | None = None) -> None:
    """Rename a unit or change its level (the level new reports start with)."""
    unit = get_unit(session, unit_id)
    if name is not None and name.strip() != unit.name:
        if not name.strip():
            raise StorageError("单位名称不能为空。")
        if unit_by_name(session, name) is not None:
            raise DuplicateError(f"单位「{name.strip()}」已存在。")
        unit.name = name.strip()
    if level is not None:
        unit.level = _check_level(level)


def set_unit_deadline(session: Session, unit_id: int, override: MonthDay | None) -> None:
    """Set (or clear, with None) the unit's local deadline: month and day of the year after the report's year."""
    unit = get_unit(session, unit_id)
    unit.deadline_month, unit.deadline_day = check_month_day(override) or (None, None)


def list_units(session: Session) -> list[UnitInfo]:
    """Every unit by name, with the years it has reports for."""
    years: dict[int, list[int]] = {}
    for unit_id, year in session.execute(select(ReportRecord.unit_id, ReportRecord.year).order_by(ReportRecord.year)):
        years.setdefault(unit_id, []).append(year)
    return [
        UnitInfo(
            id=u.id,
            name=u.name,
            level=u.level,
            deadline_override=override_of(u),
            report_years=tuple(years.get(u.id, ())),
        )
        for u in session.scalars(select(Unit).order_by(Unit.name))
    ]


def unit_progress(session: Session, year: int, *, today: dt.date) -> list[UnitProgress]:
    """Every unit's standing on ``year`` (its report's status against the deadline, 未开始 without a report), with
    the publication record (counted once the report is 已发布)."""
    records = {r.unit_id: r for r in session.scalars(select(ReportRecord).where(ReportRecord.year == year))}
    out: list[UnitProgress] = []
    for unit in session.scalars(select(Unit).order_by(Unit.name)):
        record = records.get(unit.id)
        due = deadline(record.level if record else unit.level, year, override_of(unit))
        status = record.status if record else None
        published_on = record.published_on if record and status == "published" else None
        out.append(
            UnitProgress(
                unit_id=unit.id,
                name=unit.name,
                level=record.level if record else unit.level,
                report_id=record.id if record else None,
                status=status,
                standing=standing(status, deadline=due, published_on=published_on, today=today),
                timeliness=timeliness(due, published_on=published_on, today=today),
                current_version=record.current_version if record else None,
            )
        )
    return out
