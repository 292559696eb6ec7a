"""Word's automatic paragraph numbering (word/numbering.xml) rendered as Word shows it: "一、", "（二）", "1.2".

A paragraph is numbered by its own w:pPr/w:numPr or by its paragraph style's (following w:basedOn). Counters run
per abstract numbering definition in document order; anything missing or malformed gives no number, never an error.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P_PR, NUM_PR, NUM_ID, ILVL, P_STYLE = (_W + t for t in ("pPr", "numPr", "numId", "ilvl", "pStyle"))
VAL = _W + "val"
_LEVEL_REF = re.compile(r"%([1-9])")
_MAX_STYLE_DEPTH = 20
_EMPTY_NUMBERING = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
)


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: restarts after levels before this (1-based); 0 never
    legal: bool = False  # w:isLgl: every level's number shown in decimal
    suffix: str = "tab"
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass(frozen=True)
class Num:
    abstract: str
    starts: dict[int, int]  # lvlOverride/startOverride
    levels: dict[int, Level]  # lvlOverride/lvl


@dataclass
class _Style:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


def _val(el, tag: str) -> str | None:
    child = el.find(tag) if el is not None else None
    return child.get(VAL) if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _level(lvl) -> Level:
    start = _int(_val(lvl, _W + "start"))
    legal = lvl.find(_W + "isLgl")
    return Level(
        start=1 if start is None else start,
        fmt=_val(lvl, _W + "numFmt") or "decimal",
        text=_val(lvl, _W + "lvlText") or "",
        restart=_int(_val(lvl, _W + "lvlRestart")),
        legal=legal is not None and legal.get(VAL, "true") not in ("0", "false", "off"),
        suffix=_val(lvl, _W + "suff") or "tab",
        style=_val(lvl, P_STYLE),
    )


class Numbering:
    """The numbering and paragraph-style definitions of one document, and the counters of a read through it."""

    def __init__(self, numbering, styles) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId → the numbering style its definition lives in
        self.nums: dict[str, Num] = {}
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self.counters: dict[str, dict[int, int]] = {}
        self.pending: dict[str, dict[int, int]] = {}  # start overrides waiting for a level's next number
        self.seen: set[str] = set()
        self.chains: dict[str | None, list[str]] = {}
        for abstract in numbering.iter(_W + "abstractNum") if numbering is not None else ():
            key = abstract.get(_W + "abstractNumId")
            levels = {_int(lvl.get(_W + "ilvl")): _level(lvl) for lvl in abstract.iter(_W + "lvl")}
            self.abstracts[key] = {i: lv for i, lv in levels.items() if i is not None}
            link = _val(abstract, _W + "numStyleLink")
            if link:
                self.links[key] = link
        for num in numbering.iter(_W + "num") if numbering is not None else ():
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for override in num.iter(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"))
                start = _int(_val(override, _W + "startOverride"))
                lvl = override.find(_W + "lvl")
                if ilvl is not None and start is not None:
                    starts[ilvl] = start
                if ilvl is not None and lvl is not None:
                    levels[ilvl] = _level(lvl)
            self.nums[num.get(_W + "numId")] = Num(_val(num, _W + "abstractNumId"), starts, levels)
        for style in styles.iter(_W + "style") if styles is not None else ():
            num_pr = style.find(f"{P_PR}/{NUM_PR}")
            self.styles[style.get(_W + "styleId")] = _Style(
                _val(style, _W + "basedOn"), _val(num_pr, NUM_ID), _int(_val(num_pr, ILVL))
            )
            if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
                self.default_style = style.get(_W + "styleId")

    def __bool__(self) -> bool:
        return bool(self.nums)

    def label(self, p) -> str:
        """The number Word shows before paragraph ``p`` with its suffix (tab, space or none), "" for none.

        Advances the counters: call it once for each paragraph, in document order.
        """
        ppr = p.find(P_PR)
        num_pr = ppr.find(NUM_PR) if ppr is not None else None
        num_id, ilvl = _val(num_pr, NUM_ID), _int(_val(num_pr, ILVL))
        style_id = _val(ppr, P_STYLE) or self.default_style
        chain = self.chains.get(style_id)
        if chain is None:
            chain = self.chains[style_id] = self._style_chain(style_id)
        for style_id in chain:
            style = self.styles[style_id]
            num_id = num_id if num_id is not None else style.num_id
            ilvl = ilvl if ilvl is not None else style.ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        resolved = self._abstract(num_id)
        if resolved is None:
            return ""
        key, levels = resolved
        num = self.nums[num_id]
        levels = {**levels, **num.levels}
        if ilvl is None:  # numbered by its style: the level that names the style, else the first
            ilvl = next((i for i, lv in sorted(levels.items()) if lv.style in chain), 0)
        if ilvl not in levels:
            return ""
        self._count(key, num_id, num, ilvl, levels)
        lvl = levels[ilvl]
        if lvl.fmt == "bullet":
            return ""
        counters = self.counters[key]

        def number(m: re.Match) -> str:
            at = int(m.group(1)) - 1
            own = levels.get(at, Level())
            value = counters.get(at, own.start)
            return render(value, "decimal" if lvl.legal and own.fmt != "none" else own.fmt)

        label = _LEVEL_REF.sub(number, lvl.text)
        return label + {"nothing": "", "space": " "}.get(lvl.suffix, "\t") if label else ""

    def _style_chain(self, style_id: str | None) -> list[str]:
        """``style_id`` and the styles it is based on, nearest first."""
        chain: list[str] = []
        while style_id in self.styles and style_id not in chain and len(chain) < _MAX_STYLE_DEPTH:
            chain.append(style_id)
            style_id = self.styles[style_id].based_on
        return chain

    def _abstract(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The abstract definition of ``num_id`` (through a numbering style's link), and its id."""
        key = self.nums[num_id].abstract
        for _ in range(3):
            if key not in self.abstracts:
                return None
            link = self.links.get(key)
            linked = self.styles.get(link) if link else None
            if linked is None or linked.num_id not in self.nums:
                return key, self.abstracts[key]
            key = self.nums[linked.num_id].abstract
        return None

    def _count(self, key: str, num_id: str, num: Num, ilvl: int, levels: dict[int, Level]) -> None:
        counters = self.counters.setdefault(key, {})
        pending = self.pending.setdefault(key, {})
        if num_id not in self.seen:  # a list instance with start overrides restarts those levels
            self.seen.add(num_id)
            pending.update(num.starts)
        if ilvl in pending:
            counters[ilvl] = pending.pop(ilvl)
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = levels[ilvl].start
        for lower in [k for k in counters if k > ilvl]:
            restart = levels[lower].restart if lower in levels else None
            after = lower if restart is None or restart > lower else restart  # levels before this restart it
            if ilvl < after:
                del counters[lower]


_DIGITS = "〇一二三四五六七八九"
_LEGAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


def chinese(n: int) -> str:
    """``n`` in Chinese counting: 一 … 十, 十一, 二十, 一百零一."""
    if not 0 < n < 10000:
        return str(n)
    if n < 20:
        return ("十" if n >= 10 else "") + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = n // size % 10
        if digit:
            out += ("零" if zero else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def _letters(n: int, base: str) -> str:
    """A … Z, AA … ZZ, AAA …: Word repeats the letter."""
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1) if 0 < n <= 26 * 20 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    ):
        count, n = divmod(n, value)
        out += sym * count
    return out


def _enclosed(n: int, first: int, last: int = 20) -> str:
    return chr(first + n - 1) if 0 < n <= last else str(n)


def _circled(n: int) -> str:
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return _enclosed(n, 0x2460)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "japaneseCounting": chinese,
    "taiwaneseCounting": chinese,
    "taiwaneseCountingThousand": chinese,
    "chineseLegalSimplified": lambda n: chinese(n).translate(_LEGAL),
    "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n),
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10] if n > 0 else str(n),
    "ideographZodiac": lambda n: "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12] if n > 0 else str(n),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "decimalEnclosedCircle": _circled,
    "decimalEnclosedCircleChinese": _circled,
    "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488),
    "none": lambda n: "",
    "bullet": lambda n: "",
}


def render(n: int, fmt: str) -> str:
    """The number ``n`` in Word's number format ``fmt`` (decimal for a format not known here)."""
    return _FORMATS.get(fmt, str)(n)


def prefix(label: str, text: str) -> str:
    """``text`` after its number: the tab or space after it as one space, none next to Chinese (一、总体情况)."""
    number = label.rstrip()
    if number == label or not number:
        return label.strip() + text
    if not text.strip() or not number[-1].isascii() or not text.lstrip()[0].isascii():
        return number + text.lstrip()
    return f"{number} {text.lstrip()}"


def without_broken_numbering(data: bytes) -> bytes | None:
    """``data`` with a numbering part that is missing or not XML replaced by an empty one; None if none is."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            names = set(src.namelist())
            targets = set()
            for rels in (n for n in names if n.endswith(".rels")):
                folder = posixpath.dirname(posixpath.dirname(rels))
                for rel in etree.fromstring(src.read(rels)).iter("{*}Relationship"):
                    if rel.get("Type", "").endswith("/numbering") and rel.get("TargetMode") != "External":
                        target = rel.get("Target", "")
                        targets.add(
                            target.lstrip("/")
                            if target.startswith("/")
                            else posixpath.normpath(posixpath.join(folder, target))
                        )
            broken = set()
            for target in targets:
                try:
                    etree.fromstring(src.read(target))
                except (KeyError, etree.XMLSyntaxError):
                    broken.add(target)
            if not broken:
                return None
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
                for item in src.infolist():
                    if item.filename not in broken:
                        dst.writestr(item, src.read(item))
                for target in broken:
                    dst.writestr(target, _EMPTY_NUMBERING)
            return buf.getvalue()
    except (zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, KeyError, OSError, EOFError, ValueError):
        return None
