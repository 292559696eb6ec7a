"""Text helpers shared by the importers: decoding, label normalisation, numbers."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from app import lazy_re
from schemas.text_limits import MAX_DIGITS


class ReadError(Exception):
    """A file that cannot be read as a report; the message is for the user (Chinese)."""


_CONTROL = lazy_re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LINE_CONTROL = lazy_re.compile(r"[\x0b\x0c]")  # a vertical tab (Word's line break) or a form feed (a new page)
_DROPPED_CONTROL = lazy_re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def drop_controls(text: str, line_break: str = "\n") -> str:
    """``text`` without C0 control characters: a vertical tab or form feed becomes ``line_break``, the others (no
    exported file could hold them, no reader shows them) are dropped; tabs and line breaks stay."""
    return _DROPPED_CONTROL.sub("", _LINE_CONTROL.sub(line_break, text))


def decode(data: bytes) -> str:
    """Text of ``data`` (UTF-8, UTF-16 with BOM, GBK/GB18030); ReadError for binary or empty input."""
    if not data.strip():
        raise ReadError("文件是空的")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:4096]:
            raise ReadError("不是文本文件（含二进制内容），请提供年报的网页、Word、PDF、Excel 或文本文件")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ReadError("无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）") from None
    controls = len(_CONTROL.findall(text, 0, 8192))
    if controls > 8:
        raise ReadError("不是文本文件（含大量控制字符），请提供年报的网页、Word、PDF、Excel 或文本文件")
    return to_simplified(drop_controls(text.replace("\r\n", "\n").replace("\r", "\n")))


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # only when a report is in traditional characters

    return opencc.OpenCC("t2s")


_TRADITIONAL_HINTS = lazy_re.compile("[開報與機關資訊們請數處劃辦據佈覽為時會國頁條項內對復紀審議檔務]")


def to_simplified(text: str) -> str:
    """``text`` converted to simplified characters when it is written in traditional ones."""
    hints = len(_TRADITIONAL_HINTS.findall(text[:20000]))
    if hints >= 5:
        return _t2s().convert(text)
    return text


_NON_WORD = lazy_re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def norm(label: str) -> str:
    """A label reduced for comparison: NFKC, no whitespace or punctuation (1、 = 1. = 1)."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", label))


def ascii_numbers(text: str) -> str:
    """``text`` with its numbers written the ASCII way, one character for one (spans stay the same): the one
    normalisation every reader and the claims share (``app.claims.numbers.normalise``): ３，８６４ → 3,864,
    １２．５ → 12.5, ２０２４年 and 二〇二四年 → 2024年; a list 「3，5，7」 stays as it is. Readers match and read
    numbers in this copy and keep the text as written for what the report shows."""
    from app.claims.numbers import normalise  # when first used: importing app.importers stays light

    return normalise(text)


_NUMBER = lazy_re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")  # a comma only between groups of three


# a space between digits before a group of exactly three: a thousands separator (「2 028」); any other space that
# is not between two digits is dropped, and one between digits (「58 17」) leaves no number
_SPACE_THOUSANDS = lazy_re.compile(r"(?<=\d) (?=\d{3}(?![\d]))")
_SPACE_AROUND = lazy_re.compile(r"(?<![\d\s])\s+|\s+(?![\d\s])")


def parse_number(raw: str) -> int | float | None:
    """The number ``raw`` states (int unless it has decimals), or None when it is not a number: ３，８６４ is 3864,
    １２．５ is 12.5, 「2 028」 is 2028 (a space before a group of exactly three digits separates thousands); 「3，5」
    and 「58 17」 are no number."""
    s = unicodedata.normalize("NFKC", ascii_numbers(raw.strip())).strip()
    s = _SPACE_AROUND.sub("", _SPACE_THOUSANDS.sub(",", s))
    if not s or not _NUMBER.match(s):
        return None
    s = s.replace(",", "")
    if len(s) > MAX_DIGITS:
        return None  # no count or fee has so many digits; a float of it would be inf, an int beyond Python's limit
    if "." in s:
        return float(s)
    return int(s)
