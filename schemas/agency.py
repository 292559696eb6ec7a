"""What an agency's name and level decide about its report (pure): the tier it sits at, the name it signs with,
how the text refers to itself after the first full name, and whether it can make 规章.

The level is ``meta.level`` as the clerk chose it on 基本信息; ``infer_level`` reads it from the name only for
an imported report that does not say.
"""

from __future__ import annotations

import re
from typing import Literal

from schemas.registry import GOVERNMENT_LEVELS

# the administrative tier: 国务院部门, 省级, 市级 (设区的市、自治州), 县级, 乡镇/街道
Tier = Literal["national", "province", "city", "county", "township"]
TIER_LABELS: dict[str, str] = {
    "national": "国务院部门",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇（街道）",
}

_TOWNSHIP = re.compile(r"(?:乡|镇|街道办事处|街道)(?:人民政府)?$")
_GOVERNMENT = re.compile(r"(?:省|市|县|区|州|盟|旗)人民政府$")
_REGION_ONLY = re.compile(r"[\u4e00-\u9fff]{1,12}(?:省|市|县|区|自治州|州|盟|旗|自治县|自治区)")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_NATIONAL = re.compile(
    r"^(?:国家|国务院|中华人民共和国|中国人民银行)[^省市县区州旗盟]*$|^[\u4e00-\u9fff]{1,8}(?:部|署)$"
)
_UNIT = "(?:自治区|省|自治州|市|州|盟|自治县|县|旗|区)"
# the regions a name begins with (某省, 某市, 示例县); 城市管理局, 社区服务中心 name no region
_FIRST_REGION = re.compile(rf"^[\u4e00-\u9fff]{{1,7}}?{_UNIT}")
_NEXT_REGION = re.compile(rf"^(?!城市|社区|小区|园区|景区|城区|市区)[\u4e00-\u9fff]{{1,5}}?{_UNIT}")


def infer_level(agency: str) -> str:
    """The level an agency's name suggests (县级以上人民政府 / 乡镇·街道 / 政府部门)."""
    name = agency.strip()
    if _TOWNSHIP.search(name):
        return "township"
    if _GOVERNMENT.search(name) and "办公" not in name:
        return "county_government"
    if _REGION_ONLY.fullmatch(name):
        return "county_government"  # a title naming only the region: the whole-government report
    return "department"


def regions(agency: str) -> list[str]:
    """The regions a name begins with: 「宿迁市」「沭阳县」 of 「宿迁市沭阳县市场监督管理局」."""
    rest, out = agency.strip(), []
    m = _FIRST_REGION.match(rest)
    while m:
        out.append(m.group(0))
        rest = rest[m.end() :]
        m = _NEXT_REGION.match(rest)
    return out


def tier(agency: str, level: str) -> Tier:
    """The tier the agency sits at, from its level and the regions its name begins with."""
    name = agency.strip()
    if level == "township" or _TOWNSHIP.search(name):
        return "township"
    if _NATIONAL.search(name):
        return "national"
    found = regions(name)
    if not found:
        return "county"
    last = found[-1]
    if last.endswith(("省", "自治区")) or (len(found) == 1 and last in _MUNICIPALITIES):
        return "province"
    if last.endswith(("市", "州", "盟")) and not (len(found) > 1 and found[0] in _MUNICIPALITIES):
        return "city"
    return "county"


def signing_name(agency: str, level: str) -> str:
    """The body as it signs the report: a township's government (「七户乡」 → 「七户乡人民政府」), a street's office
    (「某街道」 → 「某街道办事处」), a region's government (「示例县」 → 「示例县人民政府」); other names as they are."""
    name = agency.strip()
    if not name:
        return name
    if level == "township" or _TOWNSHIP.search(name):
        if name.endswith(("人民政府", "办事处")):
            return name
        if name.endswith("街道"):
            return name + "办事处"
        if name.endswith(("乡", "镇")):
            return name + "人民政府"
        return name
    if level == "county_government" and _REGION_ONLY.fullmatch(name):
        return name + "人民政府"
    return name


# the last word of a name → how the report calls itself after the first full name
_SELF_NAMES: tuple[tuple[str, str], ...] = (
    ("街道办事处", "本街道"),
    ("街道", "本街道"),
    ("委员会办公室", "本办"),
    ("委员会", "本委"),
    ("办公室", "本办"),
    ("办公厅", "本厅"),
    ("总局", "本局"),
    ("局", "本局"),
    ("厅", "本厅"),
    ("委", "本委"),
    ("署", "本署"),
    ("部", "本部"),
    ("院", "本院"),
    ("中心", "本中心"),
    ("所", "本所"),
    ("站", "本站"),
    ("馆", "本馆"),
    ("会", "本会"),
)


# every word a report may call itself by (本局 … 本镇, 本乡, 本县, 本市 …), without its 本
SELF_WORDS: tuple[str, ...] = tuple(
    sorted(
        {w.removeprefix("本") for _, w in _SELF_NAMES} | {"镇", "乡", "街道", "县", "市", "区", "州", "省", "旗", "盟"},
        key=len,
        reverse=True,
    )
)


def self_name(agency: str, level: str) -> str:
    """How the text names the agency after its first full name: 本局, 本委, 本办, 本镇, 本乡, 本街道, 本县, 本市 …
    ("" when the name gives no clue; the text then repeats the name)."""
    name = agency.strip()
    if not name:
        return ""
    body = name.removesuffix("人民政府")
    if level == "township" or _TOWNSHIP.search(name):
        for end, word in (("街道办事处", "本街道"), ("街道", "本街道"), ("镇", "本镇"), ("乡", "本乡")):
            if body.endswith(end):
                return word
        return ""
    if level in GOVERNMENT_LEVELS and (name.endswith("人民政府") or _REGION_ONLY.fullmatch(name)):
        for end in ("自治区", "自治州", "自治县", "省", "市", "州", "县", "区", "旗", "盟"):
            if body.endswith(end):
                return "本" + end[-1]
        return ""
    for end, word in _SELF_NAMES:
        if name.endswith(end):
            return word
    return ""


def can_make_regulations(agency: str, level: str) -> bool:
    """Whether the agency can make 规章: 省级 and 设区的市 governments, 国务院部门 (a county's or a township's body,
    or a department below the State Council, cannot)."""
    t = tier(agency, level)
    return t == "national" or (level == "county_government" and t in ("province", "city"))
