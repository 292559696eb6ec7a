"""What changed between two versions of a report, as short Chinese phrases (for the version list)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from app.storage.vocab import BASIC_INFO
from schemas.confirmations import describe
from schemas.registry import LEVEL_LABELS, TABLE_IDS, cell_index, section_title
from schemas.report import Cell, Meta, Narrative, Notes, Report

CELLS_LISTED = 3  # per table; the rest are counted
PUBLICATION = "发布"
SIGNOFF = "审核签发"
CONFIRMATION = "审核确认"
NARRATIVES: tuple[tuple[str, str], ...] = (("一", "overview"), ("五", "problems"), ("六", "other_matters"))


@dataclass(frozen=True)
class Change:
    """One change: the area it is in (a section id such as "一" / "三", 基本信息, 工作素材 …) and a phrase."""

    area: str
    text: str


def changes(old: Report, new: Report) -> list[Change]:
    """The changes from ``old`` to ``new`` in report order: basic information, sections, tables, the rest."""
    found = _meta_changes(old.meta, new.meta)
    if old.preface != new.preface:
        found.append(Change("前言", f"「前言」修改（{len(old.preface)}→{len(new.preface)}字）"))
    for num, attr in NARRATIVES:
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            found.append(Change(num, f"「{section_title(num)}」修改：{'、'.join(_narrative_parts(before, after))}"))
    for table_id in TABLE_IDS:
        found.extend(_table_changes(table_id, old, new))
    found.extend(_other_changes(old, new))
    return found


def summarize(found: list[Change], *, limit: int = 8) -> str:
    """The changes joined into one short line ("无修改" when there are none)."""
    if not found:
        return "无修改"
    text = "；".join(c.text for c in found[:limit])
    return text if len(found) <= limit else f"{text}；等共 {len(found)} 项修改"


def changed_areas(found: list[Change]) -> set[str]:
    return {c.area for c in found}


def _short(value: Any, width: int = 24) -> str:
    if value is None or value == "":
        return "（空）"
    text = LEVEL_LABELS.get(value, str(value)) if isinstance(value, str) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _flatten(model: BaseModel, titles: tuple[str, ...] = ()) -> dict[str, tuple[tuple[str, ...], Any]]:
    """Field path → (titles from the top, value) for every leaf field of ``model``."""
    out: dict[str, tuple[tuple[str, ...], Any]] = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        path = (*titles, field.title or name)
        if isinstance(value, BaseModel):
            for sub, entry in _flatten(value, path).items():
                out[f"{name}.{sub}"] = entry
        else:
            out[name] = (path, value)
    return out


def _meta_changes(old: Meta, new: Meta) -> list[Change]:
    before, after = _flatten(old), _flatten(new)
    found: list[Change] = []
    for path, (titles, value) in after.items():
        previous = before[path][1]
        if previous == value:
            continue
        area = (
            PUBLICATION if path.startswith("publication.") else SIGNOFF if path.startswith("signoff.") else BASIC_INFO
        )
        if area == BASIC_INFO:
            text = f"{area}「{'·'.join(titles)}」：{_short(previous)}→{_short(value)}"
        else:  # the titles name the area already: 「发布日期」, 「审核签发·审核人」
            text = f"{_field_name(titles)}：{_short(previous)}→{_short(value)}"
        found.append(Change(area, text))
    return found


def _field_name(titles: tuple[str, ...]) -> str:
    """The titles joined, a parent left out when the field's own title begins with it (发布·发布日期 → 发布日期)."""
    if len(titles) > 1 and titles[-1].startswith(titles[-2]):
        titles = (*titles[:-2], titles[-1])
    return "·".join(titles)


def _narrative_parts(old: Narrative, new: Narrative) -> list[str]:
    parts = ["导语"] if old.lead != new.lead else []
    for i in range(max(len(old.subsections), len(new.subsections))):
        a = old.subsections[i] if i < len(old.subsections) else None
        b = new.subsections[i] if i < len(new.subsections) else None
        if a == b:
            continue
        heading = (b and b.heading.strip()) or (a and a.heading.strip()) or f"第{i + 1}小节"
        parts.append(f"新增{heading}" if a is None else f"删除{heading}" if b is None else heading)
    return parts or ["小节"]


def cell_text(cell: Cell | None) -> str:
    """A cell as the history shows it: its text as typed, （空） for a blank, （无） when absent."""
    if cell is None:
        return "（无）"
    if cell.raw.strip():
        return cell.raw.strip()
    if cell.value is None:
        return "（空）"
    if isinstance(cell.value, float) and cell.value.is_integer():
        return str(int(cell.value))
    return str(cell.value)


def cell_label(version: str, table_id: str, key: str) -> str:
    """「group」「row」「column」 of a cell key in the official layout of ``version``."""
    found = cell_index(version).get((table_id, key))
    if found is None:
        return f"「{key}」"
    row, column = found
    group = f"「{row.group}」" if row.group and row.group != row.label else ""
    return f"{group}「{row.label}」「{column.label}」"


def _table_changes(table_id: str, old: Report, new: Report) -> list[Change]:
    before, after = old.tables.get(table_id, {}), new.tables.get(table_id, {})
    keys = [k for k in after if before.get(k) != after[k]] + [k for k in before if k not in after]
    if not keys:
        return []
    version = new.meta.format_version
    listed = [
        f"表{table_id}{cell_label(version, table_id, k)}：{cell_text(before.get(k))}→{cell_text(after.get(k))}"
        for k in keys[:CELLS_LISTED]
    ]
    more = f"等 {len(keys)} 处" if len(keys) > CELLS_LISTED else ""
    return [Change(table_id, "、".join(listed) + more)]


def _other_changes(old: Report, new: Report) -> list[Change]:
    found: list[Change] = []
    if old.notes != new.notes:
        titles = [
            field.title or name
            for name, field in Notes.model_fields.items()
            if getattr(old.notes, name) != getattr(new.notes, name)
        ]
        found.append(Change("工作素材", f"工作素材修改：{'、'.join(titles)}"))
    if old.requirements != new.requirements:
        found.append(Change("本地要求", "本地要求修改"))
    if old.drafting != new.drafting:
        sections = sorted(
            k for k in old.drafting.keys() | new.drafting.keys() if old.drafting.get(k) != new.drafting.get(k)
        )
        found.append(Change("起草记录", f"起草记录更新：{'、'.join(sections)}"))
    if old.provenance != new.provenance:
        found.append(Change("导入来源", "导入来源更新"))
    found += [Change(CONFIRMATION, describe(c)) for c in new.confirmations if c not in old.confirmations]
    found += [Change(CONFIRMATION, "撤销" + describe(c)) for c in old.confirmations if c not in new.confirmations]
    return found
