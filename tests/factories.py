"""Reports built for tests: consistent by construction, every official cell filled."""

from __future__ import annotations

import random

from schemas.registry import OUTCOME_GROUPS, table
from schemas.report import Cell, Meta, Narrative, Report, Subsection

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_organization",
    "legal_service_agency",
    "other_organization",
)


def outcome_rows(version: str) -> tuple[str, ...]:
    rows: list[str] = []
    for group, ids in OUTCOME_GROUPS.items():
        rows.extend(("other_handling",) if group == "other_handling" and version == "2019" else ids)
    return tuple(rows)


def _cell(v: int | float) -> Cell:
    return Cell(value=v, raw=str(v))


def consistent_tables(rng: random.Random, version: str = "2021") -> dict[str, dict[str, Cell]]:
    """Tables 二, 三, 四 of ``version`` with random values that satisfy every 勾稽 rule."""
    t3: dict[str, Cell] = {}
    outcomes = outcome_rows(version)
    for col in APPLICANT_COLUMNS:
        counts = {r: rng.choice((0, 0, rng.randint(0, 40))) for r in outcomes}
        total = sum(counts.values())
        forward = rng.randint(0, 5)
        over = rng.randint(0, total + forward)
        counts.update(total=total, carried_forward=forward, carried_over=over, received=total + forward - over)
        for row, v in counts.items():
            t3[f"{row}.{col}"] = _cell(v)
    for row in {k.split(".")[0] for k in t3}:
        t3[f"{row}.total"] = _cell(sum(t3[f"{row}.{c}"].value for c in APPLICANT_COLUMNS))
    t4: dict[str, Cell] = {}
    for row in table(version, "四").rows:
        parts = [rng.randint(0, 6) for _ in range(4)]
        for col, v in zip(("upheld", "corrected", "other_result", "pending"), parts, strict=True):
            t4[f"{row.id}.{col}"] = _cell(v)
        t4[f"{row.id}.total"] = _cell(sum(parts))
    t2: dict[str, Cell] = {}
    for row in table(version, "二").rows:
        for col in row.columns:
            if col.kind == "signed_count":
                v: int | float = rng.randint(-5, 5)
            elif col.kind in ("amount_wan", "amount"):
                v = round(rng.uniform(0, 500), 2)
            else:
                v = rng.randint(0, 3000)
            t2[f"{row.id}.{col.id}"] = _cell(v)
    return {"二": t2, "三": t3, "四": t4}


def clean_narrative() -> dict:
    """Narrative that covers every required item and states no number."""
    return {
        "preface": "本报告依据《中华人民共和国政府信息公开条例》编制，由总体情况、主动公开政府信息情况等六部分组成。",
        "overview": Narrative(
            lead="本年度，本单位认真贯彻落实条例要求，政务公开工作有序开展。",
            subsections=[
                Subsection(heading="（一）主动公开", text="及时发布本单位职责范围内的政府信息。"),
                Subsection(heading="（二）依申请公开", text="依法办理政府信息公开申请，均在法定期限内答复。"),
                Subsection(heading="（三）政府信息管理", text="落实公开属性源头认定和保密审查。"),
                Subsection(heading="（四）政府信息公开平台建设", text="优化门户网站专栏，加强政务新媒体管理。"),
                Subsection(heading="（五）监督保障", text="开展业务培训，将政务公开纳入考核。"),
            ],
        ),
        "problems": Narrative(
            subsections=[
                Subsection(heading="（一）上年问题整改情况", text="上年报告提出的问题均已整改。"),
                Subsection(heading="（二）存在的主要问题", text="政策解读形式较单一。"),
                Subsection(heading="（三）改进措施", text="丰富图解、视频等解读形式。"),
            ]
        ),
        "other_matters": Narrative(
            lead="本年度未收取信息处理费。落实上级政务公开工作要点，人大代表建议和政协委员提案办理结果均已公开，"
            "创新开展政务开放活动。"
        ),
    }


def consistent_report(seed: int = 0, version: str = "2021", year: int | None = None) -> Report:
    rng = random.Random(seed)
    year = year or (2020 if version == "2019" else 2024)
    return Report(
        meta=Meta(agency="示例县测试局", level="department", year=year, format_version=version),
        tables=consistent_tables(rng, version),
        **clean_narrative(),
    )
