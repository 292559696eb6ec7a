"""Values as prose writes them: Arabic digits (full-width too), thousands separators, decimals, Chinese numerals."""

from __future__ import annotations

import re
import unicodedata

from app import lazy_re
from app.claims.joined import joined
from app.claims.units import UNITS, alternation
from schemas.text_limits import MAX_DIGITS

# percent signs → ASCII, one character for one, so spans stay the same
_PERCENT = str.maketrans("％﹪", "%%")
# a decimal digit of any script (０, ٣, 𝟐 …) that is not ASCII: the same digit in ASCII
_OTHER_DIGIT = lazy_re.compile(r"(?![0-9])\d")
# a full-width or small full stop between digits: 12．5 is 12.5 (elsewhere it may end a sentence)
_POINT = lazy_re.compile(r"(?<=\d)[．﹒](?=\d)")
# a year in Chinese digits: 二〇二四年, 二零二四年 (four digit characters, one for one, not 十 or 百)
# (a zero written ○, Ｏ or 0 among them is 〇 there: 二○二四年, 二0二四年)
_CN_YEAR = lazy_re.compile(
    r"(?<![零〇○Ｏ一二两三四五六七八九十百千万])(?:一九|二[〇零○Ｏ0])[零〇○Ｏ0一二三四五六七八九]{2}(?=\s*年)"
)
_CN_YEAR_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
# the month and day after a year, in Chinese numerals (2023年十二月三十一日): in digits, right-aligned with spaces
# before them so that spans stay the same (「三十一」 → 「 31」); 十 alone (十月, 十日) needs more room and stays
_CN_DATE = lazy_re.compile(
    r"(?<=(?:19|20)\d\d)(?P<y>\s*年\s*)(?P<m>[一二三四五六七八九十]{1,2})(?P<ms>\s*月\s*)"
    r"(?:(?P<d>[一二三四五六七八九十]{1,3})(?=\s*[日号]))?"
)
# digits grouped by 「，」 or 「,」: a first group of 1–3 digits, then groups of exactly three, no digit after
_GROUPED = lazy_re.compile(r"(?<![\d.,，])[1-9]\d{0,2}(?:[，,]\d{3})+(?!\d)")
# another number right after, joined by a comma or 、: the commas part a list (3，500，12 are three numbers)
_LISTED_AFTER = lazy_re.compile(r"\s*[，,、]\s*\d")
# how far around a number its sentence is read for what it is said of and for a 「分别」 before it (bounded: a long
# sentence stays linear); the reader and the lists take the same
LOOK_BACK = 200
_RESPECTIVELY = lazy_re.compile(r"(?:分别|依次|各为)[^。；;！!？?\n]*$")
# what may follow a grouped number in a list said 「分别」: a unit or a percent sign, not the end of the clause
_UNIT_AFTER = lazy_re.compile(r"\s*(?:%|[\u4e00-\u9fff])(?<![，、和及与])")

# a list said 「分别」: the words between 分别 and its first number, then numbers with their units, joined by 、 or a
# comma (「分别为872，235件」「分别为1，846、182件」「分别为59,17,36,9件」)
_LIST_UNIT = alternation(UNITS)
_LIST_NUMBER = r"\d+(?:\.\d+)?(?:[，,]\d+(?:\.\d+)?)*"
_LIST_RUN = lazy_re.compile(
    rf"(?:为|是|有|达)?\s*(?P<run>{_LIST_NUMBER}\s*(?:%|{_LIST_UNIT})?"
    rf"(?:\s*(?:[、，,]|和|及|与)\s*{_LIST_NUMBER}\s*(?:%|{_LIST_UNIT})?)*)"
)
_RESPECTIVELY_AT = lazy_re.compile(r"分别|依次|各为")
# digits parted by single spaces right before a unit (「2 028件」「２　０２９件」): one number when every group after
# the first has exactly three digits (the spaces are made 「,」), else no number (「58 17件」: the digits are blanked)
_SPACED = lazy_re.compile(
    rf"(?<![\d.,])(?<!\d[ \u3000\u00a0，])\d{{1,3}}(?:[ \u3000\u00a0]\d{{1,6}}){{1,5}}(?![\d])(?=\s*(?:%|{_LIST_UNIT}))"
)
_SPACED_THOUSANDS = lazy_re.compile(r"[1-9]\d{0,2}(?:[ \u3000\u00a0]\d{3})+")
_CLAUSE_BEFORE = lazy_re.compile(r"[^，,。；;：:（()）？?！!\n]*$")
_DIGIT_COMMA = lazy_re.compile(r"(?<=\d)[，,](?=\d)")
_THOUSANDS = lazy_re.compile(r"[1-9]\d{0,2}(?:[，,]\d{3})+")
_ITEM_SPLIT = lazy_re.compile(r"\s*(?:、|和|及|与|(?<!\d)[，,]|[，,](?!\d))\s*")

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL = f"[{CN_DIGITS}十百千万廿卅]"  # 廿 = 二十, 卅 = 三十
_CN_DIGIT_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# an Arabic number: 3,864 / 3864 / 96.8 (not a piece of a longer number)
ARABIC = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"


def normalise(text: str) -> str:
    """``text`` with its numbers written the ASCII way, one character for one so that spans stay the same: digits
    of any script (０-９ …), a full-width point between digits (１２．５), a full-width percent sign, a year in
    Chinese digits (二〇二四年), and 「，」 as a thousands separator (３，８６４ → 3,864).

    「，」 separates thousands only between a group of 1–3 digits and groups of exactly three digits with no digit
    after; not when another number follows after a comma or 、 (「分别为3，5，7件」「12，345，67」: a list), nor in a
    sentence that pairs numbers with several subjects (「分别」「依次」) when no unit follows the digits
    (「分别为12，345」). Other text is left as it is; the caller keeps the original for what it shows."""
    if text.isascii():
        return text
    text = text.translate(_PERCENT)
    if _OTHER_DIGIT.search(text):
        digits = {c for c in set(text) if c.isdecimal() and not c.isascii()}
        text = text.translate({ord(d): str(unicodedata.decimal(d, 0)) for d in digits})
    # each step only where its sign is in the text: most sentences have none of them
    if "．" in text or "﹒" in text:
        text = _POINT.sub(".", text)
    if "年" in text:
        text = _CN_YEAR.sub(lambda m: m.group().translate(_CN_YEAR_DIGITS), text)
        if "月" in text:
            text = _CN_DATE.sub(_cn_date, text)
    if " " in text or "\u3000" in text or "\u00a0" in text:
        text = _SPACED.sub(_spaced, text)
    if ("，" in text or "," in text) and _RESPECTIVELY_AT.search(text):
        text = _respectively(text)
    if "，" not in text:
        return text
    return _GROUPED.sub(lambda m: _grouped(text, m), text)


def _cn_date(m: re.Match[str]) -> str:
    """A month and day in Chinese numerals as digits of the same width, or as written when they do not fit."""

    def digits(numeral: str, top: int) -> str | None:
        value = chinese_number(numeral)
        if not isinstance(value, int) or not 1 <= value <= top or len(str(value)) > len(numeral):
            return None
        return str(value).rjust(len(numeral))

    month = digits(m.group("m"), 12)
    if month is None:
        return m.group()
    day = digits(m.group("d"), 31) if m.group("d") else ""
    return m.group("y") + month + m.group("ms") + (day if day is not None else m.group("d"))


def _spaced(m: re.Match[str]) -> str:
    """Spaced digits as one number with 「,」 between its thousands, or blanked out when they are not one."""
    if _SPACED_THOUSANDS.fullmatch(m.group()):
        return re.sub(r"\s", ",", m.group())
    return re.sub(r"\S", "#", m.group())


def _respectively(text: str) -> str:
    """``text`` with the commas between digits of each list said 「分别」 decided by how many subjects it names:
    a list's 「，」 or 「,」 made 「、」 (「予以公开、部分公开分别为872，235件」: two numbers for two subjects), a
    thousands separator made 「,」 (「自然人、法人或其他组织分别为1，847、182件」), and the digits blanked out when
    either reading is possible or neither fits (「分别为872,235件」 after two subjects), so that no number is read."""
    out = list(text)
    for r in _RESPECTIVELY_AT.finditer(text):
        if r.group() == "各为":
            continue  # one number said of each subject (「甲、乙各为1，234件」)
        tail = text[r.end() : r.end() + LOOK_BACK]
        run = _LIST_RUN.match(tail)
        if not run or not _DIGIT_COMMA.search(run.group("run")):
            continue
        left = _CLAUSE_BEFORE.search(text, max(0, r.start() - LOOK_BACK), r.start())
        names = [p for p in joined(left.group()) if p.strip()]
        if len(names) < 2:
            continue  # the subjects were said before (「其中二者分别为…」): the commas are read as elsewhere
        items = [i for i in _ITEM_SPLIT.split(run.group("run")) if i]
        as_list = sum(len(_DIGIT_COMMA.split(i)) for i in items)
        thousands = all(_THOUSANDS.match(i) for i in items if _DIGIT_COMMA.search(i))
        ascii_thousands = thousands and any("," in i for i in items if _DIGIT_COMMA.search(i))
        start = r.end() + run.start("run")
        if as_list == len(names) and not ascii_thousands:
            new = _DIGIT_COMMA.sub("、", run.group("run"))
        elif thousands and len(items) == len(names) and as_list != len(names):
            new = _DIGIT_COMMA.sub(",", run.group("run"))
        else:
            new = re.sub(r"[\d，,.]", "#", run.group("run"))
        out[start : start + len(new)] = new
    return "".join(out)


def _grouped(text: str, m: re.Match[str]) -> str:
    """The grouped digits of ``m`` with 「，」 made 「,」 when they are one number, else as written."""
    digits = m.group()
    if "，" not in digits or _LISTED_AFTER.match(text, m.end()):
        return digits
    if _RESPECTIVELY.search(text, max(0, m.start() - LOOK_BACK), m.start()) and not _UNIT_AFTER.match(text, m.end()):
        return digits
    return digits.replace("，", ",")


def chinese_number(text: str) -> int | float | None:
    """十二 → 12, 两 → 2, 一百零五 → 105, 一万二千 → 12000, 一〇五 → 105 (digit by digit), 九十七点九 → 97.9; None
    for what is not a plain number (「三四」 may be three or four; 「一万万」)."""
    if not text or len(text) > 20:
        return None
    text = text.replace("廿", "二十").replace("卅", "三十")
    whole, point, tenths = text.partition("点")
    if point:
        if not tenths or any(ch not in _CN_DIGIT_VALUES or ch == "两" for ch in tenths):
            return None
        value = chinese_number(whole) if whole else None  # no 点 left in ``whole``: one level deep at most
        if value is None:
            return None
        return value + int("".join(str(_CN_DIGIT_VALUES[ch]) for ch in tenths)) / 10 ** len(tenths)
    if text.count("万") > 1:
        return None
    high, wan, low = text.partition("万")
    if not wan:
        return _below_wan(text)
    h = _below_wan(high) if high else 1
    rest = _below_wan(low) if low else 0
    return None if h is None or rest is None else h * 10000 + rest


def _below_wan(text: str) -> int | None:
    """A Chinese numeral without 万 (十二, 一百零五, 一〇五), or None."""
    if len(text) > 1 and not any(ch in _CN_UNITS for ch in text):
        # written digit by digit (一〇五, 二〇二四, 一一五): only with a zero among them or three digits or more;
        # digits each one above the one before (三四件, 三四五件) are an estimate (three to five), no number
        if "两" in text or not ("〇" in text or "零" in text or len(text) >= 3):
            return None
        if any(ch not in _CN_DIGIT_VALUES for ch in text):
            return None
        values = [_CN_DIGIT_VALUES[ch] for ch in text]
        if all(b == a + 1 for a, b in zip(values, values[1:], strict=False)):
            return None
        return int("".join(str(_CN_DIGIT_VALUES[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT_VALUES:
            if digit:  # two digits before a unit (二三十, 七八十, 一二百): an estimate, no number; 一百零五 reads
                return None
            digit = _CN_DIGIT_VALUES[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_value(text: str) -> int | float | None:
    """The number ``text`` writes (「3,864」 → 3864, 「96.8」 → 96.8, 「十二」 → 12), or None."""
    s = normalise(text).replace(",", "").strip()
    if not s:
        return None
    if s[0].isdigit():
        if len(s) > MAX_DIGITS:
            return None
        try:
            return float(s) if "." in s else int(s)
        except ValueError:
            return None
    return chinese_number(s)


def fmt(v: int | float | None) -> str:
    """A number as a report prints it: integers plain, decimals without trailing zeros."""
    if v is None:
        return "（空）"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{round(v, 6):.6f}".rstrip("0").rstrip(".")
    return str(v)


def decimals(text: str) -> int:
    """How many decimals ``text`` writes (「96.8」 → 1): the rounding a stated rate allows."""
    s = normalise(text)
    if "." not in s and "点" in s:  # 百分之九十七点九
        return len(s.split("点", 1)[1].strip())
    return len(s.split(".", 1)[1].rstrip("%").strip()) if "." in s else 0
