"""What each narrative section must hold, by format version, year and tier (pure data, one source for the drafter,
the prompts, the ITEM rule and the quality check).

- 一、总体情况: the five aspects are required by the 2021 format (国办公开办函〔2021〕30号); reports in the 2019
  format (国办公开办函〔2019〕60号) commonly use the same five, but they are not required.
- 六、其他需要报告的事项: the 2021 format lists four items (信息处理费 only from 2021, when 《政府信息公开信息处理费
  管理办法》 took effect; 年度工作创新情况 may be 「无」); the 2019 format lists none.
"""

from __future__ import annotations

from typing import NamedTuple

FORMAT_NOTICES: dict[str, str] = {
    "2021": "国办公开办函〔2021〕30号",
    "2019": "国办公开办函〔2019〕60号",
}

# the first year 《政府信息公开信息处理费管理办法》 applies to
PROCESSING_FEE_FROM = 2021


class Item(NamedTuple):
    key: str
    label: str
    keywords: tuple[str, ...]  # words that show a text reports the item


OTHER_ITEMS: tuple[Item, ...] = (
    Item("processing_fee", "信息处理费收取情况", ("信息处理费", "收费通知", "收费")),
    Item("work_points", "落实上级年度政务公开工作要点情况", ("工作要点", "要点")),
    Item(
        "proposals",
        "人大代表建议和政协委员提案办理结果公开情况",
        ("代表建议", "人大建议", "建议提案", "建议和提案", "建议、提案", "提案"),  # not 「建议」 alone: 群众意见建议
    ),
    Item("innovation", "年度工作创新情况", ("创新",)),
)
OTHER_ITEM_LABELS: dict[str, str] = {i.key: i.label for i in OTHER_ITEMS}


def other_items(version: str, year: int | None) -> tuple[Item, ...]:
    """The items 六 reports in a report of this format and year (none in the 2019 format)."""
    if version != "2021":
        return ()
    return tuple(i for i in OTHER_ITEMS if i.key != "processing_fee" or (year or 0) >= PROCESSING_FEE_FROM)


def overview_aspects_required(version: str) -> bool:
    """Whether 一's five aspects are required (2021 format) rather than customary (2019 format)."""
    return version == "2021"


# typical length of a drafted section (characters, spaces aside) by tier: far outside it, the quality check warns
LENGTH_RANGES: dict[str, dict[str, tuple[int, int]]] = {
    "township": {"前言": (80, 500), "一": (200, 2500), "五": (60, 1500), "六": (10, 1200)},
    "county": {"前言": (80, 500), "一": (300, 4000), "五": (80, 2000), "六": (10, 1500)},
    "city": {"前言": (80, 600), "一": (500, 6000), "五": (100, 2500), "六": (10, 2000)},
    "province": {"前言": (80, 600), "一": (800, 9000), "五": (120, 3000), "六": (10, 2500)},
    "national": {"前言": (80, 600), "一": (800, 9000), "五": (120, 3000), "六": (10, 2500)},
}

# empty phrases (空话套话): stock sentences that say nothing a reader can check; a draft must not rest on them
EMPTY_PHRASES: tuple[str, ...] = (
    "规范化、精细化水平还需进一步提高",
    "规范化水平还需进一步提高",
    "还需进一步提高",
    "有待进一步提高",
    "有待进一步加强",
    "还存在一定差距",
    "与群众的期望还有差距",
    "与上级要求还有差距",
    "取得了显著成效",
    "取得显著成效",
    "取得明显成效",
    "圆满完成",
    "成效显著",
    "及时更新公开内容",
    "明确专人负责政府信息公开工作",
    "认真贯彻落实《条例》",
    "依法依规做好政府信息公开工作",
    "持续提升政府信息公开工作质量",
    "加强政府信息公开业务学习和培训",
    "严格落实信息发布审查制度",
    "不断提高政务公开工作水平",
    "推动政务公开工作再上新台阶",
    "切实提高思想认识",
    "高度重视政务公开工作",
)
