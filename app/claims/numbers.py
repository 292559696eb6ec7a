"""Values as prose writes them: Arabic digits (full-width too), thousands separators, decimals, Chinese numerals."""

from __future__ import annotations

# full-width digits, point and percent sign → ASCII, one character for one, so spans stay the same
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL = f"[{CN_DIGITS}十百千万廿卅]"  # 廿 = 二十, 卅 = 三十
_CN_DIGIT_VALUES = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# an Arabic number: 3,864 / 3864 / 96.8 (not a piece of a longer number)
ARABIC = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"


def normalise(text: str) -> str:
    """``text`` with full-width digits, points and percent signs made ASCII (same length, same spans)."""
    return text.translate(_FULL_WIDTH)


def chinese_number(text: str) -> int | None:
    """十二 → 12, 两 → 2, 一百零五 → 105, 一万二千 → 12000; None for what is not a plain number."""
    if not text:
        return None
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "万" in text:
        high, _, low = text.partition("万")
        h = chinese_number(high) if high else 1
        rest = chinese_number(low) if low else 0
        return None if h is None or rest is None else h * 10000 + rest
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT_VALUES:
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
    return len(s.split(".", 1)[1].rstrip("%").strip()) if "." in s else 0
