"""Plain, read-only results handed to the UI (no ORM objects leave a session)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.storage.deadlines import MonthDay, Timeliness, days_left, standing, timeliness
from app.storage.vocab import DECISION_LABELS, ROLE_LABELS, STATUS_LABELS


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    level: str
    deadline_override: MonthDay | None
    report_years: tuple[int, ...]


@dataclass(frozen=True)
class ReportInfo:
    """A row of the reports list: unit, year, status, version, findings counts, deadline and publication."""

    id: int
    unit_id: int
    agency: str
    level: str
    year: int
    status: str
    current_version: int
    updated_at: dt.datetime
    updated_by: str
    updated_role: str
    open_findings: int | None  # None: not checked yet
    open_errors: int | None
    deadline: dt.date
    published_on: dt.date | None
    published_url: str
    submitted: bool
    filed: bool
    # why the status last moved back (a signed report changed, a reviewer sent it back); "" otherwise
    status_note: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def publication_date(self) -> dt.date | None:
        """The publication date once the report is 已发布 (a date typed into an unsigned draft does not count)."""
        return self.published_on if self.status == "published" else None

    def days_left(self, today: dt.date) -> int:
        return days_left(self.deadline, today)

    def timeliness(self, today: dt.date) -> Timeliness:
        return timeliness(self.deadline, published_on=self.publication_date, today=today)

    def standing(self, today: dt.date) -> str:
        """The one status label 首页 and 多单位 show (「审核中 · 已逾期 12 天」, 「已发布（按时）」)."""
        return standing(self.status, deadline=self.deadline, published_on=self.published_on, today=today)


@dataclass(frozen=True)
class UnitProgress:
    """A unit's standing for one year in the 政务公开办 overview (a unit without a report is 未开始)."""

    unit_id: int
    name: str
    level: str
    report_id: int | None
    status: str | None
    standing: str  # the same label as ReportInfo.standing (未开始 without a report)
    timeliness: Timeliness
    current_version: int | None = None


@dataclass(frozen=True)
class VersionInfo:
    report_id: int
    version_no: int
    kind: str
    author: str
    role: str
    at: dt.datetime
    summary: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class CommentInfo:
    id: int
    section: str
    text: str
    author: str
    role: str
    at: dt.datetime
    resolved: bool
    resolved_by: str


@dataclass(frozen=True)
class ReviewInfo:
    """A section's review: approval (None when not approved) and its comments, oldest first."""

    section: str
    approved_by: str | None = None
    approved_at: dt.datetime | None = None
    approved_version: int | None = None
    comments: tuple[CommentInfo, ...] = field(default_factory=tuple)

    @property
    def approved(self) -> bool:
        return self.approved_by is not None


@dataclass(frozen=True)
class DecisionInfo:
    key: str
    rule: str
    decision: str
    reason: str
    by: str
    role: str
    at: dt.datetime
    version_no: int
    message: str

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS[self.decision]


@dataclass(frozen=True)
class ExportInfo:
    version_no: int
    format: str
    by: str
    role: str
    at: dt.datetime
    open_errors: int
    override_reason: str


@dataclass(frozen=True)
class MessageInfo:
    id: int
    section: str | None
    role: str
    content: str
    author: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    at: dt.datetime
