"""Store: the storage API the app calls — one transaction per call, plain results, Chinese errors.

The functions in reports / units / findings / review / chat / backup take a Session and can be combined in one
transaction through ``Store.write()``; each method here is one such call in its own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.storage import backup, chat, decisions, findings, lifecycle, reports, review, units
from app.storage.db import Clock, init_db, make_engine, session_factory
from app.storage.deadlines import MonthDay
from app.storage.info import (
    DecisionInfo,
    ExportInfo,
    MessageInfo,
    ReportInfo,
    ReviewInfo,
    UnitInfo,
    UnitProgress,
    VersionInfo,
)
from schemas.findings import Finding
from schemas.report import Report


class Store:
    """Reports, versions, reviews and the rest in one database (SQLite file or PostgreSQL)."""

    def __init__(self, engine: Engine, *, clock: Clock | None = None) -> None:
        self.engine = engine
        self._reader = session_factory(engine, clock=clock)
        self._writer = session_factory(engine, write=True, clock=clock)

    @classmethod
    def open(cls, url: str | None = None, *, clock: Clock | None = None) -> Store:
        """A store on ``url`` (None: data/nianbao.db), its tables created if missing."""
        engine = make_engine(url)
        init_db(engine)
        return cls(engine, clock=clock)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (its transaction is rolled back at the end)."""
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction: committed at the end, rolled back on any error."""
        with self._writer() as session, session.begin():
            yield session

    # ---------------------------------------------------------------- units

    def create_unit(self, name: str, *, level: str, deadline_override: MonthDay | None = None) -> int:
        with self.write() as s:
            return units.create_unit(s, name, level=level, deadline_override=deadline_override)

    def update_unit(self, unit_id: int, *, name: str | None = None, level: str | None = None) -> None:
        with self.write() as s:
            units.update_unit(s, unit_id, name=name, level=level)

    def set_unit_deadline(self, unit_id: int, override: MonthDay | None) -> None:
        with self.write() as s:
            units.set_unit_deadline(s, unit_id, override)

    def list_units(self) -> list[UnitInfo]:
        with self.read() as s:
            return units.list_units(s)

    def unit_progress(self, year: int, *, today: dt.date) -> list[UnitProgress]:
        with self.read() as s:
            return units.unit_progress(s, year, today=today)

    # ---------------------------------------------------------------- reports and versions

    def create_report(
        self, report: Report, *, who: str, role: str, unit_id: int | None = None, status: str = "filling"
    ) -> int:
        """A new report (version 1); ``status`` "published" stores last year's published report."""
        with self.write() as s:
            return reports.create_report(s, report, who=who, role=role, unit_id=unit_id, status=status)

    def list_reports(self, *, unit_id: int | None = None, year: int | None = None) -> list[ReportInfo]:
        with self.read() as s:
            return reports.list_reports(s, unit_id=unit_id, year=year)

    def report_info(self, report_id: int) -> ReportInfo:
        with self.read() as s:
            return reports.report_info(s, report_id)

    def load(self, report_id: int, *, version: int | None = None) -> tuple[Report, int]:
        with self.read() as s:
            return reports.load(s, report_id, version=version)

    def save(
        self,
        report_id: int,
        report: Report,
        *,
        expected_version: int,
        who: str,
        role: str,
        findings: list[Finding] | None = None,
        note: str = "",
    ) -> int:
        with self.write() as s:
            return reports.save(
                s,
                report_id,
                report,
                expected_version=expected_version,
                who=who,
                role=role,
                findings=findings,
                note=note,
            )

    def versions(self, report_id: int) -> list[VersionInfo]:
        with self.read() as s:
            return reports.versions(s, report_id)

    def restore(
        self, report_id: int, version_no: int, *, who: str, role: str, expected_version: int | None = None
    ) -> int:
        with self.write() as s:
            return reports.restore(s, report_id, version_no, who=who, role=role, expected_version=expected_version)

    # ---------------------------------------------------------------- lifecycle: 填报中 → 待审核 → 审核中 → 已签发 → 已发布

    def submit(self, report_id: int, *, who: str, role: str) -> None:
        """填报中 → 待审核."""
        with self.write() as s:
            lifecycle.submit(s, report_id, who=who, role=role)

    def start_review(self, report_id: int, *, who: str, role: str) -> None:
        """填报中 / 待审核 → 审核中 (a reviewer)."""
        with self.write() as s:
            lifecycle.start_review(s, report_id, who=who, role=role)

    def send_back(self, report_id: int, *, reason: str, who: str, role: str) -> None:
        """Back to 填报中 with the reviewer's reason."""
        with self.write() as s:
            lifecycle.send_back(s, report_id, reason=reason, who=who, role=role)

    def signoff_blockers(self, report_id: int, findings: list[Finding] | None) -> list[str]:
        """Why the report may not be signed yet (Chinese); empty when it may."""
        with self.read() as s:
            return lifecycle.signoff_blockers(s, report_id, findings)

    def sign_off(
        self,
        report_id: int,
        *,
        reviewer: str,
        issuer: str,
        date: dt.date,
        who: str,
        role: str,
        findings: list[Finding] | None = None,
    ) -> int:
        """The sign-off as a new version; the report becomes 已签发 (StatusError listing what is missing)."""
        with self.write() as s:
            return lifecycle.sign_off(
                s, report_id, reviewer=reviewer, issuer=issuer, date=date, who=who, role=role, findings=findings
            )

    def record_publication(self, report_id: int, *, date: dt.date | None, url: str, who: str, role: str) -> int:
        """The publication date and URL of a signed report as a new version; the report becomes 已发布."""
        with self.write() as s:
            return lifecycle.record_publication(s, report_id, date=date, url=url, who=who, role=role)

    def set_filing(
        self, report_id: int, *, submitted: bool | None = None, filed: bool | None = None, who: str, role: str
    ) -> None:
        with self.write() as s:
            reports.set_filing(s, report_id, submitted=submitted, filed=filed, who=who, role=role)

    def delete_report(self, report_id: int) -> None:
        with self.write() as s:
            reports.delete_report(s, report_id)

    # ---------------------------------------------------------------- findings

    def set_findings(self, report_id: int, found: list[Finding], *, version_no: int | None = None) -> None:
        with self.write() as s:
            findings.set_findings(s, report_id, found, version_no=version_no)

    def stored_findings(self, report_id: int) -> list[Finding] | None:
        with self.read() as s:
            return findings.stored_findings(s, report_id)

    def confirm(
        self,
        report_id: int,
        finding: Finding,
        *,
        reason: str,
        who: str,
        role: str,
        expected_version: int | None = None,
    ) -> int:
        """A reviewer's confirmation of ``finding`` with a written reason, saved as a new version (its number)."""
        with self.write() as s:
            return decisions.confirm(
                s, report_id, finding, reason=reason, who=who, role=role, expected_version=expected_version
            )

    def withdraw(self, report_id: int, key: str, *, who: str, role: str) -> int:
        with self.write() as s:
            return decisions.withdraw(s, report_id, key, who=who, role=role)

    def decide(self, report_id: int, finding: Finding, decision: str, *, reason: str = "", who: str, role: str) -> str:
        with self.write() as s:
            return decisions.decide(s, report_id, finding, decision, reason=reason, who=who, role=role)

    def undo_decision(self, report_id: int, key: str, *, who: str = "", role: str = "reviewer") -> None:
        with self.write() as s:
            decisions.undo_decision(s, report_id, key, who=who, role=role)

    def decisions(self, report_id: int) -> dict[str, DecisionInfo]:
        with self.read() as s:
            return decisions.decisions(s, report_id)

    # ---------------------------------------------------------------- review, sign-off, exports

    def approve(
        self,
        report_id: int,
        section: str,
        *,
        who: str,
        role: str,
        findings: list[Finding] | None = None,
        expected_version: int | None = None,
    ) -> None:
        """A reviewer approves ``section``; with ``findings``, refused while an open error sits in it; with
        ``expected_version`` (the version the reviewer read), refused with a ConflictError after another save."""
        with self.write() as s:
            review.approve(
                s, report_id, section, who=who, role=role, findings=findings, expected_version=expected_version
            )

    def revoke(self, report_id: int, section: str) -> None:
        with self.write() as s:
            review.revoke(s, report_id, section)

    def add_comment(self, report_id: int, section: str, text: str, *, who: str, role: str) -> int:
        with self.write() as s:
            return review.add_comment(s, report_id, section, text, who=who, role=role)

    def resolve_comment(self, comment_id: int, *, who: str, role: str, resolved: bool = True) -> None:
        with self.write() as s:
            review.resolve_comment(s, comment_id, who=who, role=role, resolved=resolved)

    def reviews(self, report_id: int) -> dict[str, ReviewInfo]:
        with self.read() as s:
            return review.reviews(s, report_id)

    def record_export(
        self, report_id: int, *, format: str, who: str, role: str, open_errors: int = 0, override_reason: str = ""
    ) -> None:
        with self.write() as s:
            review.record_export(
                s,
                report_id,
                format=format,
                who=who,
                role=role,
                open_errors=open_errors,
                override_reason=override_reason,
            )

    def exports(self, report_id: int) -> list[ExportInfo]:
        with self.read() as s:
            return review.exports(s, report_id)

    # ---------------------------------------------------------------- assistant conversation

    def add_message(
        self,
        report_id: int,
        *,
        role: str,
        content: str,
        section: str | None = None,
        author: str = "",
        model: str = "",
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
    ) -> int:
        with self.write() as s:
            return chat.add_message(
                s,
                report_id,
                role=role,
                content=content,
                section=section,
                author=author,
                model=model,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )

    def messages(self, report_id: int, *, section: str | None = None) -> list[MessageInfo]:
        with self.read() as s:
            return chat.messages(s, report_id, section=section)

    def clear_messages(self, report_id: int, *, section: str | None = None) -> int:
        with self.write() as s:
            return chat.clear_messages(s, report_id, section=section)

    # ---------------------------------------------------------------- backup

    def export_json(self, report_id: int, *, history: bool = True) -> str:
        with self.read() as s:
            return backup.export_json(s, report_id, history=history)

    def import_json(self, text: str, *, who: str, role: str = "clerk") -> int:
        document = backup.parse(text)  # checked completely before the write transaction begins
        with self.write() as s:
            return backup.restore(s, document, who=who, role=role)
