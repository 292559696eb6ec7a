"""The tables: units, reports with their versions, reviews, finding decisions, exports, chat messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from app.storage.errors import StorageError

# 2: dismissals of findings became confirmations kept in the report (app/storage/decisions.py lifts old ones)
# 3: the report lifecycle (填报中 … 已发布) and report.status_note (app/storage/lifecycle.py moves old statuses)
SCHEMA_VERSION = 3


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes stored as naive UTC (SQLite keeps no zone); read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime(), str: String(200)}


class StorageInfo(Base):
    """Key/value facts about the database itself (the schema version, for later migrations)."""

    __tablename__ = "storage_info"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str]


class Unit(Base):
    """An agency that reports every year; an optional local deadline (month, day of the next year)."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    level: Mapped[str] = mapped_column(String(32))
    deadline_month: Mapped[int | None]
    deadline_day: Mapped[int | None]
    created_at: Mapped[dt.datetime]
    reports: Mapped[list[ReportRecord]] = relationship(back_populates="unit", passive_deletes=True)


class ReportRecord(Base):
    """One unit's report on one year: status, the current version number, the publication record, cached counts."""

    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("unit_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    level: Mapped[str] = mapped_column(String(32))  # the report's meta.level (it sets the deadline)
    status: Mapped[str] = mapped_column(String(16), default="filling")
    # why the status last moved back (a signed report changed, a reviewer sent it back); "" otherwise
    status_note: Mapped[str] = mapped_column(Text, default="")
    status_changed_by: Mapped[str] = mapped_column(default="")
    status_changed_at: Mapped[dt.datetime | None]
    current_version: Mapped[int]
    # publication record: date and URL follow the report's meta.publication; 报送 / 备案 live only here
    published_on: Mapped[dt.date | None]
    published_url: Mapped[str] = mapped_column(Text, default="")
    submitted: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[dt.datetime | None]
    submitted_by: Mapped[str] = mapped_column(default="")
    filed: Mapped[bool] = mapped_column(default=False)
    filed_at: Mapped[dt.datetime | None]
    filed_by: Mapped[str] = mapped_column(default="")
    # the last check's findings (JSON list) and the open counts (dismissed findings left out); None = not checked
    findings_json: Mapped[str | None] = mapped_column(Text)
    findings_version: Mapped[int | None]
    open_findings: Mapped[int | None]
    open_errors: Mapped[int | None]
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str]
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str]
    updated_role: Mapped[str] = mapped_column(String(16))

    unit: Mapped[Unit] = relationship(back_populates="reports")


def _report_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)


class ReportVersion(Base):
    """The whole report JSON as saved, who saved it, when, and a short Chinese summary of what changed."""

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("report_id", "version_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_fk()
    version_no: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    author: Mapped[str]
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime]
    summary: Mapped[str] = mapped_column(Text, default="")


class Review(Base):
    """A section's approval: by whom, when, and the version approved (cleared when the section changes)."""

    __tablename__ = "section_review"
    __table_args__ = (UniqueConstraint("report_id", "section"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_fk()
    section: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str | None]
    approved_at: Mapped[dt.datetime | None]
    approved_version: Mapped[int | None]


class ReviewComment(Base):
    __tablename__ = "review_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_fk()
    section: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str]
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime]
    resolved: Mapped[bool] = mapped_column(default=False)
    resolved_by: Mapped[str] = mapped_column(default="")
    resolved_at: Mapped[dt.datetime | None]


class FindingDecision(Base):
    """A finding marked fixed or dismissed; ``key`` is its identity (rule, place, actual value)."""

    __tablename__ = "finding_decision"
    __table_args__ = (UniqueConstraint("report_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_fk()
    key: Mapped[str] = mapped_column(String(1000))
    rule: Mapped[str] = mapped_column(String(32))
    table_label: Mapped[str | None] = mapped_column(String(16))
    group_label: Mapped[str | None]
    row_label: Mapped[str | None]
    column_label: Mapped[str | None]
    section: Mapped[str | None] = mapped_column(String(16))
    paragraph: Mapped[int | None]
    actual: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str]
    role: Mapped[str] = mapped_column(String(16))
    decided_at: Mapped[dt.datetime]
    version_no: Mapped[int]


class ExportRecord(Base):
    """A download of the report: format, version, who, and the reason when error findings were overridden."""

    __tablename__ = "export_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_fk()
    version_no: Mapped[int]
    format: Mapped[str] = mapped_column(String(16))
    exported_by: Mapped[str]
    role: Mapped[str] = mapped_column(String(16))
    exported_at: Mapped[dt.datetime]
    open_errors: Mapped[int] = mapped_column(Integer, default=0)
    override_reason: Mapped[str] = mapped_column(Text, default="")


class ChatMessage(Base):
    """One turn of the assistant conversation about a report (or one of its sections)."""

    __tablename__ = "chat_message"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_fk()
    section: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(default="")
    model: Mapped[str] = mapped_column(default="")
    prompt_tokens: Mapped[int] = mapped_column(default=0)
    completion_tokens: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime]


def check_schema_version(session: Session) -> None:
    """Record the schema version in a new database, bring an older one up to date; refuse one written by a newer
    nianbao."""
    row = session.get(StorageInfo, "schema_version")
    if row is None:
        session.add(StorageInfo(key="schema_version", value=str(SCHEMA_VERSION)))
    elif int(row.value) > SCHEMA_VERSION:
        raise StorageError(f"数据库由更新版本的年报助手创建（数据结构第 {row.value} 版），请升级本程序后再打开。")
    elif int(row.value) < SCHEMA_VERSION:
        # these store reports: modules above this one
        from app.storage.decisions import lift_dismissals
        from app.storage.lifecycle import migrate_statuses

        _add_missing_columns(session)
        if int(row.value) < 2:
            lift_dismissals(session)
        migrate_statuses(session)
        row.value = str(SCHEMA_VERSION)


# columns added after a table was first created: (table, column, SQL type and default for ALTER TABLE)
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (("report", "status_note", "TEXT NOT NULL DEFAULT ''"),)


def _add_missing_columns(session: Session) -> None:
    """ALTER TABLE for the columns an older database lacks (create_all makes missing tables only)."""
    connection = session.connection()
    inspector = inspect(connection)
    for table, column, sql_type in ADDED_COLUMNS:
        if column not in {c["name"] for c in inspector.get_columns(table)}:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))
