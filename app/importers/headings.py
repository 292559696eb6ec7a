"""Section headings of a published report: a short line of its own whose words are a section's title, whatever
ordinal stands before it (一、 1. 第一部分 （一）, none at all, or a stray character such as 「l五、」)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from app import lazy_re
from schemas.registry import ASPECT_LABELS, SECTION_TITLES

NUMERALS = "一二三四五六"
_ALL_NUMERALS = "一二三四五六七八九十"
_MARKUP = lazy_re.compile(r"^\s*#+\s*|\*\*|__")
# a stray character a scan or a copy left before the heading: 「l五、」 「I、」
_JUNK = lazy_re.compile(r"^(?:[A-Za-z]\s*(?=[一二三四五六七八九十1-9、.．,，:：(（\s])|\d(?=[一二三四五六七八九十]))")
_ORDINAL = lazy_re.compile(
    rf"^(?:第(?P<part>[{_ALL_NUMERALS}])部分"
    rf"|[(（]\s*(?P<paren>[{_ALL_NUMERALS}1-9])\s*[)）]"
    rf"|(?P<han>[{_ALL_NUMERALS}])(?=\s*[、.．,，:：\s])"
    r"|(?P<arabic>[1-9])(?=\s*[、.．]))"
)
_SEPARATOR = lazy_re.compile(r"^\s*[、.．,，:：]?\s*")
_INLINE = lazy_re.compile(r"[：:。]")
# words that tell a section heading from a table row numbered the same way (the heading's ordinal is the section's)
SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "一": (SECTION_TITLES["一"], "概述", "基本情况", "总体"),
    "二": (ASPECT_LABELS["proactive_disclosure"],),
    "三": ("收到和处理", "依申请", "申请情况", "申请公开"),
    "四": ("复议", "诉讼"),
    "五": ("问题", "改进", "整改"),
    "六": ("其他", "需要报告"),
}
_SENTENCE = lazy_re.compile(r"[，,；;！？!?]")  # a title is no sentence
_LONGEST_TITLE = 24  # characters of a heading's title (without 的、，); a longer line is text


def _plain(text: str) -> str:
    return re.sub(r"[\s、，,的“”\"]", "", text)


_OFFICIAL = {num: _plain(title) for num, title in SECTION_TITLES.items()}
_PROACTIVE = ASPECT_LABELS["proactive_disclosure"]
_ON_REQUEST = ASPECT_LABELS["disclosure_on_request"]
# a title in other words than the official one, by section (fully matched against the title without 的、，)
_VARIANTS: dict[str, re.Pattern[str]] = {
    "一": lazy_re.compile(r"(?:政府信息公开|政务公开)?(?:工作)?(?:总体|基本|概述|概况)(?:工作)?(?:情况)?"),
    "二": lazy_re.compile(rf"{_PROACTIVE}(?:政府信息|信息)?(?:工作)?(?:情况)?|政府信息{_PROACTIVE}(?:工作)?(?:情况)?"),
    "三": lazy_re.compile(
        rf"收到和处理.{{0,16}}|{_ON_REQUEST}(?:政府信息)?(?:工作)?(?:情况)?"
        r"|(?:政府信息公开)?申请(?:受理|办理|处理|答复)?(?:工作)?情况"
    ),
    "四": lazy_re.compile(r"(?=.*复议)(?=.*诉讼).*"),
    "五": lazy_re.compile(r".{0,8}(?:存在|主要).{0,4}(?:问题|不足).{0,10}|.{0,4}(?:问题|不足)(?:及|和|与|以及).{0,8}"),
    "六": lazy_re.compile(r"其他(?:需要|需)?(?:报告|说明)?(?:事项)?"),
}


def title_section(title: str, *, official_only: bool = False) -> str | None:
    """The section whose title ``title`` is (the official words, or a usual variant unless ``official_only``)."""
    plain = _plain(title).rstrip("。.．：:")
    if not 2 <= len(plain) <= _LONGEST_TITLE or _SENTENCE.search(title):
        return None
    for num, official in _OFFICIAL.items():
        if official in plain and len(plain) - len(official) <= 8:
            return num
    if official_only:
        return None
    hits = [num for num, pattern in _VARIANTS.items() if pattern.fullmatch(plain)]
    if hits == ["六"] and plain == "其他":
        return None  # 「其他」 alone is a table's column or row
    if hits == ["四"] and len(re.sub(r"行政|复议|诉讼|[和及与]", "", plain)) < 2:
        return None  # 「行政复议 行政诉讼」: 表四's header, not a title
    return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True)
class Printed:
    """A line read as heading: its ordinal as printed and its title."""

    heading: str  # the heading as printed (markup dropped), without the text after it on the line
    ordinal: str | None  # 一…十 (Arabic digits as numerals), None without one
    bare: bool  # no ordinal and no stray character before the title
    plain_ordinal: bool  # 一、 / 1. / 第一部分: the usual forms (not （一）, not after a stray character)
    parenthesized: bool  # （一）: the ordinal of a sub-heading
    title: str  # the words after the ordinal, up to a 「：」 or 「。」 followed by text
    rest: str  # the text after the title on the same line (「六、其他需要报告的事项：无。」 → 「无。」)


@lru_cache(maxsize=8192)
def printed_heading(line: str) -> Printed | None:
    """``line`` split into ordinal, title and inline text; None for an empty line."""
    shown = _MARKUP.sub("", line.replace("|", " ").replace("｜", " ")).strip()
    text = _MARKUP.sub("", unicodedata.normalize("NFKC", shown)).strip()
    if not text:
        return None
    if len(shown) != len(text):
        shown = text  # quote the normalised text where normalising changed its length
    rest = text
    junk = _JUNK.match(rest)
    if junk:
        rest = rest[junk.end() :]
    m = _ORDINAL.match(rest)
    ordinal = None
    paren = False
    if m:
        raw = m.group("part") or m.group("paren") or m.group("han") or m.group("arabic")
        ordinal = _ALL_NUMERALS[int(raw) - 1] if raw.isdigit() else raw
        paren = m.group("paren") is not None
        rest = rest[m.end() :]
    rest = rest[_SEPARATOR.match(rest).end() :]
    title, inline = rest.strip(), ""
    split = _INLINE.search(title)
    if split and title[split.end() :].strip():
        title, inline = title[: split.start()].strip(), title[split.end() :].strip()
    return Printed(
        heading=shown[: len(shown) - len(inline)].rstrip("：:。 ") if inline else shown,
        ordinal=ordinal,
        bare=ordinal is None and junk is None and rest.strip() == text,
        plain_ordinal=ordinal is not None and not paren and junk is None,
        parenthesized=paren,
        title=title,
        rest=shown[len(shown) - len(inline) :] if inline else "",  # as printed: full-width punctuation kept
    )


def numbered_heading(text: str, after: int) -> tuple[str, str] | None:
    """(section, inline text) of a heading whose ordinal is its section's own (一、总体情况), from section ``after``
    on; a title with text after it on the same line must be the section's title, not only share its words."""
    p = printed_heading(text)
    if p is None or not p.plain_ordinal or p.ordinal not in NUMERALS:
        return None
    num = p.ordinal
    if NUMERALS.index(num) < after:
        return None
    named = title_section(p.title)
    if p.rest:
        return (num, p.rest) if num in ("一", "五", "六") and named == num else None
    title = re.sub(r"\s+", "", p.title)
    if not 2 <= len(title) <= 40 or named not in (None, num):
        return None  # 「三、主动公开政府信息情况」 is 二's heading with a wrong ordinal
    return (num, "") if any(w in title for w in SECTION_WORDS[num]) else None


def titled_heading(text: str) -> tuple[str, Printed] | None:
    """(section, heading) of a line whose words are a section's title, its ordinal wrong, missing or garbled."""
    p = printed_heading(text)
    if p is None:
        return None
    num = title_section(p.title, official_only=p.parenthesized)
    if num is None or (p.rest and (num not in ("一", "五", "六") or p.bare)):
        return None  # 「存在问题：…」 without an ordinal is a sentence
    return num, p
