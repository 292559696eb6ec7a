"""Meta of a published report read from its title and preface: agency, year, level, contact."""

from __future__ import annotations

import re

from app import lazy_re
from app.importers.text import ascii_numbers
from schemas.agency import infer_level
from schemas.report import Contact, Meta

_REPORT = r"\s*年?\s*度?\s*(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告"
_KIND = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告"
_TITLES = (
    lazy_re.compile(r"^(?P<agency>.*?)\s*(?P<year>20\d\d)" + _REPORT),
    lazy_re.compile(r"^(?P<year>20\d\d)\s*年?度?\s*(?P<agency>.+?)\s*" + _KIND),
    lazy_re.compile(r"^(?P<agency>.+?)\s*" + _KIND + r"\s*[（(]\s*(?P<year>20\d\d)\s*年?度?\s*[）)]"),
)
_PREFACE_PATTERNS = (
    lazy_re.compile(r"由(?P<agency>[^，。,；;（(]{2,40}?)(?:负责)?编制的?\s*(?P<year>20\d\d)"),
    lazy_re.compile(
        r"(?:现公开|现公布|现将|特向社会公布|面向社会公开|公开)(?P<agency>[^，。,；;（(]{2,40}?)\s*(?P<year>20\d\d)\s*年"
    ),
    lazy_re.compile(
        r"(?P<year>20\d\d)\s*年?度?\s*(?P<agency>[^，。,；;（(\d]{2,40}?)(?:政府)?信息公开(?:工作)?年度报告"
    ),
)
_PERIOD = lazy_re.compile(r"统计(?:期限|时间|周期|区间|范围)?[^。]{0,12}?(20\d\d)\s*年\s*1\s*月\s*1\s*日")
_ANY_YEAR = lazy_re.compile(r"(20\d\d)\s*年")
_POSTCODE = lazy_re.compile(r"邮\s*(?:政编码|编)\s*[:：]?\s*(\d{6})")
_PHONE = lazy_re.compile(
    r"(?:电\s*话|联系电话|咨询电话)\s*[:：]?\s*((?:\d{3,4}[-－—]?)?\d{7,8}(?:[-－—]\d{1,4})?|1[3-9]\d{9})"
)
_EMAIL = lazy_re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_ADDRESS = lazy_re.compile(r"地\s*址\s*[:：]\s*([^，,；;。）)\n]{3,60})")
_WEBSITE = lazy_re.compile(
    r"(?<![A-Za-z0-9.-])((?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:gov\.cn|cn|com|org)(?:/[^\s，。）)”]*)?)"
)
_LEADING_NOISE = lazy_re.compile(r"^(?:本报告|本年报|是|根据|按照|现将|现公开|关于|由)+")
# a field label of a web page's information table is not part of a name: 「名称 示例县…」「发布机构：示例县…」
_FIELD_LABEL = lazy_re.compile(r"^(?:名称|标题|发布机构|发文机关|发文单位|来源|信息来源|所属机构)[:：|｜]?")
# words after the name in a preface: 「现将示例县教育局编制的2023年…」, 「现将示例县教育局关于2023年…」
_TRAILING_NOISE = lazy_re.compile(r"(?:(?:负责)?编制的?|印发的?|发布的?|关于|的)+$")


# words that stand for the agency without naming it
_NOT_A_NAME = frozenset(
    {"政府", "我局", "本局", "我单位", "本单位", "本机关", "我机关", "我市", "我县", "我区", "我乡", "我镇"}
    | {"我委", "本委", "我办", "本办", "我厅", "本厅", "我街道", "本街道", "本市", "本县", "本区", "本乡", "本镇"}
    | {"全市", "全县", "全区", "全乡", "全镇", "全省", "我省", "本省", "我部", "本部", "我署", "本署"}
)


def _clean_agency(name: str) -> str:
    name = re.sub(r"\s+", "", name).lstrip("#")
    name = _LEADING_NOISE.sub("", _FIELD_LABEL.sub("", name))
    name = _TRAILING_NOISE.sub("", name.strip('，,。：:“”"《》 '))
    return "" if name in _NOT_A_NAME else name


# how the name of a body ends (a signature line such as 「特此报告」 is no name)
_AGENCY_END = lazy_re.compile(
    r"(?:政府|局|委员会|委|办公室|办公厅|办|厅|部|署|院|中心|街道|办事处|乡|镇|县|市|区|旗|所|站|队|会|处|馆|社)$"
)


def _agency(written: str, m: re.Match[str]) -> str:
    """The agency ``m`` found in the ASCII-number copy of ``written``, as ``written`` has it (same spans)."""
    return _clean_agency(written[m.start("agency") : m.end("agency")])


def read_meta(title: list[str], preface: str, *, signature: str = "") -> tuple[Meta, str]:
    """Meta read from the title lines and the preface (the signature block's agency line as a last resort),
    and how the year was found. Years and numbers are matched in full-width digits and Chinese-digit years too
    (「２０２４年」「二〇二四年」); names and contact data are taken as written."""
    meta = Meta()
    written = "".join(t.strip().lstrip("#").strip() for t in title)
    written = re.sub(r"^(.*?)关于(?:印发|公布|发布)?", r"\1", written).removesuffix("的通知")
    joined = ascii_numbers(written)
    m = next((m for pattern in _TITLES if (m := pattern.search(joined))), None)
    if m:
        meta.year = int(m.group("year"))
        meta.agency = _agency(written, m)
    read_preface = ascii_numbers(preface)
    if not meta.agency or not meta.year:
        for pattern in _PREFACE_PATTERNS:
            p = pattern.search(read_preface)
            if p:
                meta.agency = meta.agency or _agency(preface, p)
                meta.year = meta.year or int(p.group("year"))
                break
    if not meta.agency and _AGENCY_END.search(signature):
        meta.agency = _clean_agency(signature)
    source = "标题" if m else ""
    if not meta.year:
        period = _PERIOD.search(read_preface)
        if period:
            meta.year, source = int(period.group(1)), "统计期限"
    meta.level = guess_level(meta.agency)
    meta.contact = _contact(preface, read_preface)
    web = _WEBSITE.search(read_preface.replace(meta.contact.email, ""))
    if web:
        meta.website = web.group(1)
    return meta, source


def _contact(written: str, text: str) -> Contact:
    """The contact data of ``text`` (the ASCII-number copy of ``written``); the address as written."""
    c = Contact()
    if m := _ADDRESS.search(text):
        c.address = written[m.start(1) : m.end(1)].strip()
    if m := _POSTCODE.search(text):
        c.postcode = m.group(1)
    if m := _PHONE.search(text):
        c.phone = m.group(1)
    if m := _EMAIL.search(text):
        c.email = m.group(1)
    return c


def guess_level(agency: str) -> str:
    """The level an agency's name suggests (县级以上人民政府 / 乡镇·街道 / 政府部门)."""
    return infer_level(agency)


def first_year(text: str) -> int | None:
    """The first year ``text`` names (「２０２４年」 and 「二〇二四年」 too), or None."""
    m = _ANY_YEAR.search(ascii_numbers(text))
    return int(m.group(1)) if m else None


# the body naming its own agency: 「2022年，国家新闻出版署坚持…」 at the start of 一、总体情况, or the agency's own
# report of last year 「公开发布《国家新闻出版署2021年政府信息公开工作年度报告》」
_BODY_SUFFIX = r"(?:人民政府办公室|人民政府|办公室|办公厅|委员会|办事处|管理局|总局|署|局|委|厅|院|中心|镇|乡|街道)"
_BODY_OPENING = lazy_re.compile(
    r"^\s*(?P<year>20\d\d)\s*年(?:度|以来)?\s*[,，]\s*(?P<agency>[^，,。；;、“”《》\s]{2,30}?" + _BODY_SUFFIX + r")"
    r"(?=坚持|深入|认真|始终|全面|紧紧|进一步|严格|按照|聚焦|持续|以|在|围绕|高度|把|将|紧扣|着力)"
)
_OWN_REPORT = lazy_re.compile(
    r"《(?P<agency>[^《》，,。]{2,30}?" + _BODY_SUFFIX + r")\s*(?P<year>20\d\d)\s*年(?:度)?" + _KIND + "》"
)


def agency_in_body(paragraphs: list[str], year: int | None) -> str:
    """The agency as the overview names itself (its opening sentence, or its own report of the year before), or ""."""
    for written in paragraphs[:3]:
        m = _BODY_OPENING.match(ascii_numbers(written))
        if m and (year is None or int(m.group("year")) == year):
            return _agency(written, m)
    for written in paragraphs:
        for m in _OWN_REPORT.finditer(ascii_numbers(written)):
            if year is not None and int(m.group("year")) == year - 1:
                return _agency(written, m)
    return ""
