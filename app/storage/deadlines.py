"""Publication deadlines (条例第五十条) and how a report stands against its deadline."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from app.storage.vocab import STATUS_LABELS

MonthDay = tuple[int, int]
# 县级以上人民政府的本级政府年度报告：次年3月31日前；各行政机关（部门）及默认的乡镇、街道：次年1月31日前
DEFAULT_DEADLINES: dict[str, MonthDay] = {
    "county_government": (3, 31),
    "township": (1, 31),
    "department": (1, 31),
    "other": (1, 31),
}


def deadline(level: str, year: int, override: dt.date | MonthDay | None = None) -> dt.date:
    """The day the report on ``year`` must be published by; a local override (date, or month/day of year+1) wins."""
    if isinstance(override, dt.date):
        return override
    month, day = override or DEFAULT_DEADLINES.get(level, DEFAULT_DEADLINES["department"])
    # 2月29日 in a year without one falls back to 2月28日
    return dt.date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))


def check_month_day(override: MonthDay | None) -> MonthDay | None:
    """``override`` when it names a real day of some year (a ValueError otherwise)."""
    if override is not None:
        month, day = override
        dt.date(2000, month, day)  # a leap year: 2月29日 is accepted
    return override


def days_left(deadline: dt.date, today: dt.date) -> int:
    """Days from ``today`` to ``deadline``: 0 on the day itself, negative once it has passed."""
    return (deadline - today).days


def fmt_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Timeliness:
    """How the publication record stands: still open, overdue, published on time, or published late."""

    state: Literal["open", "overdue", "on_time", "late"]
    days: int  # days left (open), days overdue (overdue), days late (late), 0 (on_time)
    label: str


def timeliness(deadline: dt.date, *, published_on: dt.date | None, today: dt.date) -> Timeliness:
    """The publication record against ``deadline``, with a Chinese label ("距截止还有 5 天" / "逾期 3 天发布")."""
    if published_on is not None:
        late = (published_on - deadline).days
        if late > 0:
            return Timeliness("late", late, f"逾期 {late} 天发布（{fmt_date(published_on)}）")
        return Timeliness("on_time", 0, f"已按时发布（{fmt_date(published_on)}）")
    left = days_left(deadline, today)
    if left < 0:
        return Timeliness("overdue", -left, f"已逾期 {-left} 天，尚未发布（截止 {fmt_date(deadline)}）")
    if left == 0:
        return Timeliness("open", 0, f"今天截止（{fmt_date(deadline)}）")
    return Timeliness("open", left, f"距截止还有 {left} 天（{fmt_date(deadline)}）")


def standing(status: str | None, *, deadline: dt.date, published_on: dt.date | None, today: dt.date) -> str:
    """The one label 首页 and 多单位 show for a report: its status with how it stands against the deadline
    (「审核中 · 已逾期 12 天」, 「已发布（按时）」, 「未开始」 for a unit without a report).

    A publication date counts only once the report is 已发布: a date typed into an unsigned draft is a plan.
    """
    if status == "published" and published_on is not None:
        t = timeliness(deadline, published_on=published_on, today=today)
        return "已发布（按时）" if t.state == "on_time" else f"已发布（逾期 {t.days} 天）"
    label = "未开始" if status is None else STATUS_LABELS[status]
    if status == "published":
        return label
    t = timeliness(deadline, published_on=None, today=today)
    if t.state == "overdue":
        return f"{label} · 已逾期 {t.days} 天"
    if t.days == 0:
        return f"{label} · 今天截止"
    return label
