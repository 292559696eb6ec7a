"""The fixed sets storage records: report status, who saved, finding decisions, version kinds, sections."""

from __future__ import annotations

from typing import Literal

Status = Literal["draft", "in_review", "reviewed", "exported"]
STATUS_LABELS: dict[str, str] = {"draft": "草稿", "in_review": "待审核", "reviewed": "已审核", "exported": "已导出"}
# status → the statuses a report may move to from it (a save that changes reviewed content also moves it back)
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"in_review"}),
    "in_review": frozenset({"draft", "reviewed"}),
    "reviewed": frozenset({"draft", "in_review", "exported"}),
    "exported": frozenset({"draft", "in_review"}),
}

Role = Literal["clerk", "reviewer", "assistant"]
ROLE_LABELS: dict[str, str] = {"clerk": "经办人", "reviewer": "审核人", "assistant": "助手"}

Decision = Literal["fixed", "dismissed"]
# "dismissed": a reviewer confirmed the finding with a written reason (kept in the report)
DECISION_LABELS: dict[str, str] = {"fixed": "已修正", "dismissed": "已确认"}

VersionKind = Literal["create", "edit", "restore", "import", "signoff", "publication"]

ChatRole = Literal["user", "assistant"]

# What a reviewer approves, section by section (the report's own section ids, plus its basic information).
BASIC_INFO = "基本信息"
REVIEW_SECTIONS: tuple[str, ...] = (BASIC_INFO, "前言", "一", "二", "三", "四", "五", "六")

# A unit's progress for the year, as the 政务公开办 overview shows it.
Progress = Literal["not_started", "drafting", "reviewed", "published", "overdue"]
PROGRESS_LABELS: dict[str, str] = {
    "not_started": "未开始",
    "drafting": "起草中",
    "reviewed": "已审核",
    "published": "已发布",
    "overdue": "逾期",
}


def check_role(role: str) -> str:
    """``role`` itself when it is a known role id (a programming error otherwise)."""
    if role not in ROLE_LABELS:
        raise ValueError(f"unknown role {role!r}; expected one of {sorted(ROLE_LABELS)}")
    return role
