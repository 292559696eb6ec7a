"""The report lifecycle: 填报中 → 待审核 → 审核中 → 已签发 → 已发布, and what each step forward needs.

Moving forward checks its conditions (a section is approved only without an open error in it; the sign-off only
with every section approved and every finding fixed or confirmed with a reason; the publication only once signed).
A signed report whose content changes goes back to 审核中 (``reports._follow_content``). The findings are the
caller's fresh check of the current report (storage runs no rules); without them the last stored check is used.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.common import check_who, get_record
from app.storage.db import now
from app.storage.deadlines import Timeliness, standing
from app.storage.errors import RoleError, StatusError, StorageError
from app.storage.findings import stored_findings
from app.storage.models import ReportRecord, Review
from app.storage.reports import load, save_version
from app.storage.vocab import BASIC_INFO, OLD_STATUSES, REVIEW_SECTIONS, STATUS_LABELS
from schemas.confirmations import open_findings
from schemas.findings import Finding
from schemas.registry import section_title
from schemas.report import Publication, Report, SignOff
from schemas.rule_catalogue import rule_info

__all__ = [
    "approve_blockers",
    "migrate_statuses",
    "old_status",
    "publication_short",
    "record_publication",
    "review_section",
    "section_label",
    "send_back",
    "sign_off",
    "signoff_blockers",
    "standing",
    "start_review",
    "submit",
]

LISTED = 3  # findings named in a refusal; the rest are counted


def review_section(finding: Finding) -> str:
    """The review section a finding belongs to: its section, else its table (二/三/四), else 基本信息."""
    return finding.section or finding.table or BASIC_INFO


def section_label(section: str) -> str:
    """How a review section is named to the user: 基本信息, 前言, 「三、收到和处理……」."""
    return section if section == BASIC_INFO else section_title(section)


def _status(record: ReportRecord) -> str:
    return STATUS_LABELS.get(record.status, record.status)


def _moved(session: Session, record: ReportRecord, status: str, name: str) -> None:
    record.status = status
    record.status_changed_by, record.status_changed_at = name, now(session)


def _check_reviewer(role: str, what: str) -> None:
    if role != "reviewer":
        raise RoleError(f"只有审核人可以{what}。")


def submit(session: Session, report_id: int, *, who: str, role: str) -> None:
    """填报中 → 待审核 (the clerk hands the report to the reviewer); a reviewer's send-back note is cleared."""
    name = check_who(who, role)
    record = get_record(session, report_id)
    if record.status == "submitted":
        return
    if record.status != "filling":
        raise StatusError(f"报告当前为「{_status(record)}」，只有填报中的报告可以提交审核。")
    _moved(session, record, "submitted", name)
    record.status_note = ""


def start_review(session: Session, report_id: int, *, who: str, role: str) -> None:
    """填报中 / 待审核 → 审核中 (only a reviewer)."""
    name = check_who(who, role)
    _check_reviewer(role, "开始审核")
    record = get_record(session, report_id)
    if record.status == "reviewing":
        return
    if record.status not in ("filling", "submitted"):
        raise StatusError(f"报告当前为「{_status(record)}」，不能开始审核。")
    _moved(session, record, "reviewing", name)


def send_back(session: Session, report_id: int, *, reason: str, who: str, role: str) -> None:
    """待审核 / 审核中 / 已签发 → 填报中 with the reviewer's reason (kept as the status note until resubmitted)."""
    name = check_who(who, role)
    _check_reviewer(role, "退回修改")
    if not reason.strip():
        raise StorageError("请写明退回修改的理由，经办人据此修改。")
    record = get_record(session, report_id)
    if record.status == "published":
        raise StatusError("报告已发布，不能退回修改：如需更正，请直接修改（报告将回到审核中）。")
    if record.status == "filling":
        raise StatusError("报告已在填报中，无需退回。")
    _moved(session, record, "filling", name)
    record.status_note = f"{name}退回修改：{reason.strip()}"


def _listed(found: list[Finding]) -> str:
    names = [f"{rule_info(f.rule).title}（{f.message}）" for f in found[:LISTED]]
    more = f"等 {len(found)} 个" if len(found) > LISTED else ""
    return "；".join(names) + more


def _open(session: Session, report_id: int, findings: list[Finding] | None) -> list[Finding]:
    found = stored_findings(session, report_id) if findings is None else findings
    return open_findings(load(session, report_id)[0], found or [])


def approve_blockers(session: Session, report_id: int, section: str, findings: list[Finding] | None) -> list[Finding]:
    """The open (unconfirmed) errors in ``section`` of the report ``findings`` were found on."""
    return [f for f in _open(session, report_id, findings) if f.severity == "error" and review_section(f) == section]


def check_approvable(session: Session, report_id: int, section: str, findings: list[Finding] | None) -> None:
    """Refuse approving ``section`` while an open error sits in it (``findings`` None: the last stored check, as
    sign-off judges)."""
    errors = approve_blockers(session, report_id, section, findings)
    if errors:
        must_fix = [f for f in errors if not rule_info(f.rule).confirmable]
        if not must_fix:
            tail = "请先修正，或由审核人写明理由确认。"
        elif len(must_fix) == len(errors):
            tail = "须修正（不能忽略）。"
        else:
            tail = f"其中 {len(must_fix)} 个须修正（不能忽略）：{_listed(must_fix)}；其余请先修正，或由审核人写明理由确认。"
        raise StorageError(
            f"「{section_label(section)}」还有 {len(errors)} 个错误未处理，不能审核通过：{_listed(errors)}。{tail}"
        )


def after_approval(session: Session, record: ReportRecord, name: str) -> None:
    """A reviewer's approval starts the review of a report still 填报中 / 待审核."""
    if record.status in ("filling", "submitted"):
        _moved(session, record, "reviewing", name)


def signoff_blockers(session: Session, report_id: int, findings: list[Finding] | None) -> list[str]:
    """Why the report may not be signed yet, in Chinese (empty: it may): sections not approved, open errors, open
    warnings neither fixed nor confirmed with a reason. ``findings`` None: the last stored check."""
    approved = {
        r.section
        for r in session.scalars(select(Review).where(Review.report_id == report_id, Review.approved_by.is_not(None)))
    }
    reasons: list[str] = []
    missing = [section_label(s) for s in REVIEW_SECTIONS if s not in approved]
    if missing:
        reasons.append(f"以下部分尚未审核通过：{'、'.join(missing)}")
    if findings is None and stored_findings(session, report_id) is None:
        reasons.append("报告尚未检查：请打开报告检查一遍后再签发")  # nothing known is not nothing wrong
    still_open = _open(session, report_id, findings)
    must_fix = [f for f in still_open if not rule_info(f.rule).confirmable]  # 【待补充】 and the like
    may_confirm = [f for f in still_open if rule_info(f.rule).confirmable]
    errors = [f for f in may_confirm if f.severity == "error"]
    warnings = [f for f in may_confirm if f.severity != "error"]
    if must_fix:
        kind = "错误" if all(f.severity == "error" for f in must_fix) else "问题"
        reasons.append(f"还有 {len(must_fix)} 个{kind}须修正（不能忽略）：{_listed(must_fix)}")
    if errors:
        reasons.append(f"还有 {len(errors)} 个错误未处理：{_listed(errors)}")
    if warnings:
        reasons.append(f"还有 {len(warnings)} 个警告既未修正也未写明理由确认：{_listed(warnings)}")
    return reasons


def sign_off(
    session: Session,
    report_id: int,
    *,
    reviewer: str,
    issuer: str,
    date: dt.date,
    who: str,
    role: str,
    findings: list[Finding] | None = None,
) -> int:
    """Record the sign-off (审核人, 签发人, 日期) as a new version and mark the report 已签发; returns the version.

    Refused (StatusError naming every reason) unless ``signoff_blockers`` is empty.
    """
    name = check_who(who, role)
    _check_reviewer(role, "填写审核签发")
    if not reviewer.strip() or not issuer.strip():
        raise StorageError("审核签发需要填写审核人和签发人。")
    if reviewer.strip() != name:
        raise StorageError(
            f"审核人应为签发操作人本人：当前登录的是「{name}」，不能以「{reviewer.strip()}」的名义签发。"
        )
    blockers = signoff_blockers(session, report_id, findings)
    if blockers:
        raise StatusError("还不能签发：" + "；".join(blockers) + "。")
    record = get_record(session, report_id)
    was = record.status
    # signing again changes the sign-off fields: not the change by someone else that sends a report back
    record.status = "reviewing"
    report, number = load(session, report_id)
    report.meta.signoff = SignOff(reviewer=reviewer.strip(), issuer=issuer.strip(), date=date)
    version = save_version(session, report_id, report, expected_version=number, who=name, role=role, kind="signoff")
    record = get_record(session, report_id)
    record.status = was
    if was != "published":
        _moved(session, record, "signed", name)
    record.status_note = ""
    return version


def record_publication(session: Session, report_id: int, *, date: dt.date | None, url: str, who: str, role: str) -> int:
    """Record the publication date and URL of a signed report (a new version) and mark it 已发布; the version.

    Both are required: the date counts for timeliness, the http(s) address is where the public reads it."""
    name = check_who(who, role)
    record = get_record(session, report_id)
    if record.status not in ("signed", "published"):
        raise StatusError(f"报告当前为「{_status(record)}」：审核签发后才能记录发布。")
    url = url.strip()
    missing = [what for what, given in (("发布日期", date is not None), ("发布网址", bool(url))) if not given]
    if missing:
        raise StorageError(f"请填写{'和'.join(missing)}：记录发布需要发布日期和报告在网站上的网址。")
    where = urlsplit(url)
    if where.scheme.lower() not in ("http", "https") or not where.netloc or " " in url:
        raise StorageError(
            f"发布网址「{url}」不是有效的网址：应以 http:// 或 https:// 开头，例如 https://www.xx.gov.cn/…"
        )
    report, number = load(session, report_id)
    report.meta.publication = Publication(date=date, url=url)
    version = save_version(session, report_id, report, expected_version=number, who=name, role=role, kind="publication")
    record = get_record(session, report_id)
    if record.status != "published":
        _moved(session, record, "published", name)
    return version


PUBLICATION_HELP = "按时发布（及日期）、逾期几天发布或未发布；尚未发布是否已逾期见「状态」列。"


def publication_short(t: Timeliness, published_on: dt.date | None) -> str:
    """The publication record in a few characters for an overview column (「未发布」, 「按时发布 1月20日」,
    「逾期 3 天发布」); whether an unpublished report is overdue is said by its standing already."""
    if t.state == "on_time":
        return f"按时发布 {published_on.month}月{published_on.day}日" if published_on else "按时发布"
    if t.state == "late":
        return f"逾期 {t.days} 天发布"
    return "未发布"


def old_status(status: str, report: Report) -> str:
    """Today's status for a status written before the lifecycle (``status`` itself when it is current).

    已导出 meant a reviewed report was downloaded: 已签发 when it carries a sign-off (已发布 with a publication date
    too), else back in 审核中. An unknown status is a ValueError.
    """
    if status in STATUS_LABELS:
        return status
    if status in OLD_STATUSES:
        return OLD_STATUSES[status]
    if status != "exported":
        raise ValueError(status)
    signoff = report.meta.signoff
    if not (signoff.issuer.strip() and signoff.date):
        return "reviewing"
    return "published" if report.meta.publication.date else "signed"


def migrate_statuses(session: Session) -> int:
    """Move every report of an older database to today's statuses; returns how many moved."""
    moved = 0
    for record in session.scalars(select(ReportRecord).where(ReportRecord.status.not_in(list(STATUS_LABELS)))):
        try:
            record.status = old_status(record.status, load(session, record.id)[0])
        except ValueError:
            record.status = "filling"  # a status no version of nianbao wrote: start the lifecycle again
        moved += 1
    session.flush()
    return moved
