"""The fixed sets storage records: report status, who saved, finding decisions, version kinds, sections."""

from __future__ import annotations

from typing import Literal

# the report's lifecycle: 填报中 → 待审核 → 审核中 → 已签发 → 已发布 (app/storage/lifecycle.py moves it)
Status = Literal["filling", "submitted", "reviewing", "signed", "published"]
STATUS_LABELS: dict[str, str] = {
    "filling": "填报中",
    "submitted": "待审核",
    "reviewing": "审核中",
    "signed": "已签发",
    "published": "已发布",
}
# the statuses before the lifecycle (schema version 2 and older backups) → today's; "exported" is decided per
# report (signed when it carries a sign-off, else reviewing; published when it also has a publication date)
OLD_STATUSES: dict[str, str] = {"draft": "filling", "in_review": "submitted", "reviewed": "reviewing"}

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
# a signed report changed in one of these areas (app/storage/changes.py: the sections, its basic information,
# the sign-off fields, the confirmations, a change not named otherwise) goes back to 审核中; the publication record
# and the clerk's working materials do not
SIGNED_CONTENT_AREAS: frozenset[str] = frozenset({*REVIEW_SECTIONS, "审核签发", "审核确认", "其他"})


def check_role(role: str) -> str:
    """``role`` itself when it is a known role id (a programming error otherwise)."""
    if role not in ROLE_LABELS:
        raise ValueError(f"unknown role {role!r}; expected one of {sorted(ROLE_LABELS)}")
    return role
