"""版本记录 without streamlit: saved versions grouped into the entries a clerk reads, and what a restore changes.

Saving a grid saves a version per cell; a clerk reading the history wants one entry per sitting. Consecutive edits
by the same person in the same role, each within ``WINDOW`` of the one before, form one entry whose summary is the
net change over the group. Every other kind of version (creation, restore, import, sign-off, publication, a
confirmation) stays an entry of its own; every version stays listed inside its entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.drafting.sections import section_text
from app.storage.changes import PUBLICATION, cell_label, cell_text, changed_areas, changes, summarize
from app.storage.info import VersionInfo
from app.storage.vocab import BASIC_INFO, REVIEW_SECTIONS, SIGNED_CONTENT_AREAS, STATUS_LABELS
from app.workspace.review import draft_diff_html
from schemas.registry import TABLE_IDS, section_title
from schemas.report import NARRATIVE_SECTIONS, Report
from schemas.rule_catalogue import rule_info

WINDOW = dt.timedelta(minutes=10)
SECTIONS: tuple[str, ...] = ("前言", *NARRATIVE_SECTIONS)
NO_NET_CHANGE = "无净改动（改过又改回）"
SAME_CHANGE = 5  # this many cells of one table changed the same way are one line with their count
CONFIRMED = "审核确认"
CONFIRMATIONS_LISTED = 8  # confirmations listed in an entry of several; the rest are counted
CELLS_LISTED = 10  # single changed cells listed per table in an entry; the rest are counted
CONFIRMATION = "confirmation"  # an edit that only records a reviewer's confirmation (storage saves it as an edit)
KIND_LABELS: dict[str, str] = {
    "create": "新建",
    "edit": "修改",
    "restore": "恢复旧版本",
    "import": "导入",
    "signoff": "审核签发",
    "publication": "发布",
    CONFIRMATION: "审核确认",
}


@dataclass(frozen=True)
class VersionEntry:
    """One entry of the history: a single version, or a run of quick edits by one person (newest first)."""

    versions: tuple[VersionInfo, ...]
    lines: tuple[str, ...]  # what changed, one readable line each
    kind: str  # the versions' kind, or CONFIRMATION

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "保存")  # a kind added later is named plainly, never by its id

    @property
    def newest(self) -> VersionInfo:
        return self.versions[0]

    @property
    def oldest(self) -> VersionInfo:
        return self.versions[-1]

    @property
    def grouped(self) -> bool:
        return len(self.versions) > 1

    @property
    def label(self) -> str:
        """「第 12 版」 or 「第 12–18 版」."""
        first, last = self.oldest.version_no, self.newest.version_no
        return f"第 {first} 版" if first == last else f"第 {first}–{last} 版"


@dataclass(frozen=True)
class SectionDiff:
    section: str
    title: str
    html: str  # insertions underlined green, deletions struck red


@dataclass(frozen=True)
class RestorePreview:
    """What restoring ``target`` onto ``current`` would change."""

    current: int
    target: int
    lines: tuple[str, ...]
    sections: tuple[SectionDiff, ...]

    @property
    def empty(self) -> bool:
        return not self.lines


def group_versions(
    versions: Sequence[VersionInfo],
    *,
    standalone: frozenset[int] = frozenset(),
    confirmations: frozenset[int] = frozenset(),
    window: dt.timedelta = WINDOW,
) -> list[tuple[VersionInfo, ...]]:
    """The versions (newest first, as storage lists them) in groups, newest group first, each newest first.

    A group is a run of versions of kind "edit" by the same author and role, each saved within ``window`` of the
    one before; a version whose number is in ``standalone`` (e.g. an edit with a note) is its own; a version in
    ``confirmations`` (a confirmation saved as an edit) joins only confirmations.
    """
    groups: list[list[VersionInfo]] = []
    for version in sorted(versions, key=lambda v: v.version_no):
        previous = groups[-1][-1] if groups else None
        if previous is not None and _joins(previous, version, standalone, confirmations, window):
            groups[-1].append(version)
        else:
            groups.append([version])
    return [tuple(reversed(g)) for g in reversed(groups)]


def _joins(
    previous: VersionInfo,
    version: VersionInfo,
    standalone: frozenset[int],
    confirmations: frozenset[int],
    window: dt.timedelta,
) -> bool:
    return (
        previous.kind == version.kind == "edit"
        and not {previous.version_no, version.version_no} & standalone
        and (previous.version_no in confirmations) == (version.version_no in confirmations)
        and (previous.author, previous.role) == (version.author, version.role)
        and dt.timedelta(0) <= version.at - previous.at <= window
    )


def version_entries(
    versions: Sequence[VersionInfo], load: Callable[[int], Report], *, window: dt.timedelta = WINDOW
) -> list[VersionEntry]:
    """The history as entries, newest first; ``load(n)`` gives version n's report (versions never change).

    An edit whose summary says more than what changed (the assistant proposed it, approvals were revoked, a
    signed report went back to review) is an entry of its own; a run of confirmations is one entry.
    """
    numbers = {v.version_no for v in versions}
    confirmations: set[int] = set()
    noted: set[int] = set()
    for v in versions:
        if v.kind == "edit" and v.version_no - 1 in numbers:
            old, new = load(v.version_no - 1), load(v.version_no)
            if old.confirmations != new.confirmations:
                confirmations.add(v.version_no)
            if v.summary != summarize(changes(old, new)):
                noted.add(v.version_no)
    entries = []
    groups = group_versions(
        versions, standalone=frozenset(noted), confirmations=frozenset(confirmations - noted), window=window
    )
    for group in groups:
        newest, oldest = group[0], group[-1]
        before = oldest.version_no - 1
        if before not in numbers:
            lines = _summary_lines(newest.summary)
        elif len(group) > 1 and newest.version_no in confirmations:
            lines = _confirmation_lines(change_lines(load(before), load(newest.version_no)), newest.author)
        elif len(group) > 1:
            lines = change_lines(load(before), load(newest.version_no)) or [NO_NET_CHANGE]
        else:
            lines = _version_lines(newest.summary, load(before), load(newest.version_no))
        kind = CONFIRMATION if newest.version_no in confirmations else newest.kind
        entries.append(VersionEntry(versions=group, lines=tuple(lines), kind=kind))
    return entries


def _confirmation_lines(lines: list[str], author: str) -> list[str]:
    """A run of confirmations: 「审核确认 8 条：」 then each (its title, place and reason; who, when not the entry's
    author), a long run cut short."""
    made = [
        line.removeprefix(CONFIRMED).replace(f"（{author}）：", "：", 1) for line in lines if line.startswith(CONFIRMED)
    ]
    others = [line for line in lines if not line.startswith(CONFIRMED)]  # withdrawn confirmations
    if not made and not others:
        return [NO_NET_CHANGE]
    shown = ([f"{CONFIRMED} {len(made)} 条："] if made else []) + made + others
    if len(shown) <= CONFIRMATIONS_LISTED + 2:
        return shown
    return [*shown[: CONFIRMATIONS_LISTED + 1], f"等另 {len(shown) - CONFIRMATIONS_LISTED - 1} 条（见「逐版记录」）"]


def _version_lines(summary: str, old: Report, new: Report) -> list[str]:
    """One version's summary as lines: what came before and after its changes (a note such as 「恢复为第 2 版」, an
    approval revoked) kept, the changes themselves listed in full (storage names only the first cells of a table)."""
    plain = summarize(changes(old, new))
    at = summary.find(plain)
    if at < 0 or plain == "无修改":
        return _summary_lines(summary)
    head = summary[:at].strip().rstrip("；：")
    tail = summary[at + len(plain) :]
    return ([readable(head)] if head else []) + change_lines(old, new) + _summary_lines(tail, empty=[])


def _summary_lines(summary: str, *, empty: list[str] | None = None) -> list[str]:
    parts = [readable(p.strip()) for p in summary.split("；") if p.strip()]
    return parts or (["无修改"] if empty is None else empty)


def readable(line: str) -> str:
    """``line`` with a confirmed rule named by its Chinese title instead of its id (「审核确认 R-A …」)."""
    return _CONFIRMED_RULE.sub(_rule_title, line)


_CONFIRMED_RULE = re.compile(r"审核确认 (\S+) ")


def _rule_title(match: re.Match[str]) -> str:
    try:
        return f"审核确认「{rule_info(match.group(1)).title}」"
    except ValueError:  # not a rule id: the words stay as written
        return match.group(0)


def change_lines(old: Report, new: Report) -> list[str]:
    """What changed from ``old`` to ``new``, one line each; a table's changed cells one line each, up to a few."""
    lines: list[str] = []
    for change in changes(old, new):
        lines.extend(_cell_lines(change.area, old, new) if change.area in TABLE_IDS else [readable(change.text)])
    return lines


def _cell_lines(table_id: str, old: Report, new: Report) -> list[str]:
    """A line per changed cell; many cells changed the same way (「全部空格填 0」) are one line with their count,
    and past ``CELLS_LISTED`` single cells the rest are counted, so that an entry stays a few lines."""
    before, after = old.tables.get(table_id, {}), new.tables.get(table_id, {})
    keys = [k for k in after if before.get(k) != after[k]] + [k for k in before if k not in after]
    moves = {k: (cell_text(before.get(k)), cell_text(after.get(k))) for k in keys}
    counts = Counter(moves.values())
    common = {move for move, n in counts.items() if n >= SAME_CHANGE}
    lines = [f"表{table_id} {n} 格：{a}→{b}" for (a, b), n in counts.most_common() if (a, b) in common]
    single = [k for k in keys if moves[k] not in common]
    lines += [
        f"表{table_id}{cell_label(new.meta.format_version, table_id, k)}：{moves[k][0]}→{moves[k][1]}"
        for k in single[:CELLS_LISTED]
    ]
    if len(single) > CELLS_LISTED:
        lines.append(f"表{table_id}另有 {len(single) - CELLS_LISTED} 格改动")
    return lines


def restore_preview(current: Report, current_no: int, target: Report, target_no: int) -> RestorePreview:
    """What restoring version ``target_no`` would change in the current version, with a text diff per section."""
    sections = tuple(
        SectionDiff(s, section_title(s), draft_diff_html(before, after))
        for s in SECTIONS
        if (before := section_text(current, s)) != (after := section_text(target, s))
    )
    lines = tuple(change_lines(current, _kept_confirmations(target, current)))
    return RestorePreview(current=current_no, target=target_no, lines=lines, sections=sections)


def _kept_confirmations(target: Report, current: Report) -> Report:
    # a restore keeps the confirmations in force (storage does so): the preview must not promise otherwise
    return target.model_copy(update={"confirmations": current.confirmations})


def restore_consequences(status: str, current: Report, target: Report, target_no: int) -> list[str]:
    """What else restoring ``target`` (version ``target_no``) onto a report in ``status`` does, said before the
    clerk confirms: a signed or published report goes back to 审核中; its publication record changes with it."""
    if status not in ("signed", "published"):
        return []
    found = changes(current, _kept_confirmations(target, current))
    areas = changed_areas(found)
    out: list[str] = []
    if areas & SIGNED_CONTENT_AREAS:
        parts = "、".join(s if s == BASIC_INFO else section_title(s) for s in REVIEW_SECTIONS if s in areas)
        again = f"改动的部分（{parts}）须重新审核通过，" if parts else "改动的部分须重新审核，"
        out.append(f"本报告{STATUS_LABELS[status]}。恢复后将退回「审核中」：{again}并重新审核签发。")
    published = [c.text for c in found if c.area == PUBLICATION]
    if published:
        gone = target.meta.publication.date is None and current.meta.publication.date is not None
        what = f"第 {target_no} 版没有发布日期，" if gone else ""
        out.append(f"{what}发布记录会随之改变：{'；'.join(published)}。")
    return out
