"""Every number in prose read as a claim: its value, unit, subject (what it counts) and kind.

Kinds: count, sum (「予以公开和部分公开共计38件」), rate (办结率), share (占…的X%), change (较上年增加/减少N,
增长/下降X%), approx (近九成, 大半, 全部办结, 无结转, 未发生行政复议), date, year, ordinal, legal reference,
contact data, duration. Years are read but judged by the YEAR rule, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from app.claims.numbers import ARABIC, CN_NUMERAL, chinese_number, normalise, parse_value
from app.claims.quantities import APPLICANT_KEYS, OUTCOME_KEYS, PART_NAMES
from app.claims.subjects import (
    APPROX_BEFORE,
    CLAUSE_BREAK,
    DELTA,
    SUBSET,
    YEAR_IN_CLAUSE,
    classify,
    phrase,
    proceeding,
    sum_parts,
)
from app.claims.units import DURATION_UNITS, UNITS, scaled
from schemas.registry import ASPECT_LABELS, LITIGATION, ORGANISATION_COLUMNS, OUTCOME_NAMES, REVIEW

Kind = Literal[
    "count", "sum", "rate", "share", "change", "approx", "date", "year", "ordinal", "legal", "contact", "duration"
]
Direction = Literal["up", "down", "same"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One thing prose states: ``value`` in ``unit`` of ``subject`` (the nearest quantity phrase), of a ``kind``.

    ``quantity`` is the table quantity the clause names (None when it names none); ``parts`` the quantities a sum
    adds; ``base`` the quantity a share or rate is taken of; ``low``/``high`` the range an approximate word allows
    (as a fraction); ``date`` is (year, month, day) with None for what is not written.
    """

    value: int | float | None
    unit: str
    subject: str
    kind: Kind
    span: tuple[int, int]
    sentence: str
    text: str
    clause: str = ""
    quantity: str | None = None
    parts: tuple[str, ...] = ()
    base: str | None = None
    direction: Direction | None = None
    low: float | None = None
    high: float | None = None
    date: tuple[int | None, int, int | None] | None = None
    approximate: bool = False  # 约, 近, 余, 多, 左右: not compared exactly
    numeral: bool = False  # written in Chinese numerals (一个, 两级)
    last_year: bool = False  # a quantity of last year's table (「上年收到申请50件」)
    of: tuple[float, str] | None = None  # a share of no table quantity: the number (and unit) it is a share of


_SENTENCE = re.compile(r"[^。；;？?！!\n]+")
_UNIT = "|".join(sorted({re.escape(u) for u in (*UNITS, "日", "年", "月")}, key=len, reverse=True))
_CN = rf"(?<![{CN_NUMERAL[1:-1]}第]){CN_NUMERAL}{{1,6}}"
_TOKEN = re.compile(
    r"(?P<placeholder>【待补充[^】]*】)"
    r"|(?P<legal>[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d+\s*号|国令第\s*\d+\s*号|第\s*[\d〇零一二两三四五六七八九十百]+\s*[条款项章节]"
    r"|《[^》]{0,60}》)"
    r"|(?P<contact>(?:https?://|www\.)[A-Za-z0-9./%?=&#:~_-]+|[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[(（]?0\d{2,3}[)）]?\s*[-－—]?\s*\d{7,8}"
    r"|(?<=[路街巷道弄])\d+\s*号(?:\s*\d+\s*[楼层室])?|(?<!\d)1[3-9]\d{9}(?!\d)|(?<=邮编)[:：]?\s*\d{6}|(?<=邮政编码)[:：]?\s*\d{6}|(?<!\d)\d{5,6}(?=\s*(?:热线|服务热线|便民)))"
    r"|(?P<date>(?:(?P<dy>(?:19|20)\d\d)\s*年\s*)?(?P<dm>1[0-2]|0?[1-9])\s*月\s*(?:(?P<dd>[12]\d|3[01]|0?[1-9])\s*日)?)"
    r"|(?P<year>(?<!\d)(?:19|20)\d\d)(?=\s*年)"
    r"|(?P<ordinal>第\s*(?:\d+|[一二三四五六七八九十]+))(?P<ordunit>季度|场|次|期|个|批|届|轮|年|名|家)?"
    rf"|(?P<pct>百分之[{CN_NUMERAL[1:-1]}点]+|{ARABIC}\s*%)"
    rf"|(?P<num>{ARABIC}|{_CN})\s*(?P<approx>余|多)?\s*(?P<unit>{_UNIT})?"
    r"(?P<badunit>(?<=[条次件个部份项类])(?:例|性|别|事|级|致|体|化|站|网|线|分|门|署|委|目|型))?"
)
# 近九成, 超过八成, 大半, 绝大多数 …: (low, high) as fractions
_APPROX_WORD = re.compile(
    r"(?P<near>近|将近|接近|超过|逾|不到|不足|约)?(?P<tenths>[一二三四五六七八九])成(?P<more>以上|多)?"
    r"|(?P<word>绝大多数|绝大部分|大多数|大部分|大半|过半数?|逾半数?|超半数|一半以上|半数以上|超过一半|超过半数|近半数|近一半|半数)"
)
_WORD_RANGES = {
    "绝大多数": (0.8, 1.0),
    "绝大部分": (0.8, 1.0),
    "大多数": (0.5, 1.0),
    "大部分": (0.5, 1.0),
    "大半": (0.5, 1.0),
    "过半": (0.5, 1.0),
    "一半以上": (0.5, 1.0),
    "半数以上": (0.5, 1.0),
    "超过一半": (0.5, 1.0),
    "超过半数": (0.5, 1.0),
    "近半数": (0.35, 0.5),
    "近一半": (0.35, 0.5),
    "半数": (0.45, 0.55),
    "过半数": (0.5, 1.0),
    "逾半": (0.5, 1.0),
    "逾半数": (0.5, 1.0),
    "超半数": (0.5, 1.0),
}
# 全部 / 均 / 无 said of a table quantity: each is a count of 0 (nothing carried forward, no case …)
_ON_REQUEST = re.escape(ASPECT_LABELS["disclosure_on_request"])  # 依申请公开
_ALL_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"申请[^。；，,]{0,20}?(?:已)?(?:全部|均已全部|均已|均)(?:按时|依法|按期)?(?:办结|办理完毕|答复完毕)"
        ),
        "carried_forward",
    ),
    (
        re.compile(r"申请[^。；]{0,20}?[，,]\s*(?:已)?(?:全部|均已全部|均已|均)(?:按时|依法|按期)?办结"),
        "carried_forward",
    ),
    (re.compile(r"(?:无|没有|未有)(?:申请)?(?:结转|转入下一?年度|跨年度办理)"), "carried_forward"),
    (re.compile(rf"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|{_ON_REQUEST}|信息公开)?申请"), "received"),
    (re.compile(rf"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{{0,16}}{re.escape(REVIEW)}"), "review"),
    (re.compile(rf"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{{0,16}}{re.escape(LITIGATION)}"), "litigation"),
    # 均已审结: nothing pending
    (
        re.compile(r"(?<!诉讼)(?<!未经)复议[^。；，,诉]{0,10}?(?:均已|全部|均|都已?)(?:审结|结案|办结)"),
        "review_pending",
    ),
    (re.compile(r"(?:诉讼|起诉)[^。；，,]{0,10}?(?:均已|全部|均|都已?)(?:审结|结案)"), "litigation_pending"),
)
_FLAT = re.compile(r"(?:与|和|同|较)(?:上一?年度?|去年)(?:相比)?(?:基本)?持平")
# 较上年有所下降: a direction without a number
_TREND = re.compile(
    r"(?:较|比|与)(?:上一?年度?|去年)(?:相比)?[，,]?(?:有所|略有|明显|大幅|稍有|进一步)?(增加|增长|上升|提高|下降|减少|回落|降低)(?![\d零〇一二两三四五六七八九十百千]|了\d)"
)
_DIGIT_AFTER = re.compile(r"\s*[（(]?\s*均为\s*\d")
# 均维持, 均予以公开: one quantity is all of another
_ALL_OF: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(rf"(?:{REVIEW}|复议)[^。；，,]{{0,10}}?(?:均|全部|都)(?:被|已|予以)?维持"), "review_upheld", "review"),
    (
        re.compile(rf"(?:{LITIGATION}|诉讼)[^。；，,]{{0,10}}?(?:均|全部|都)(?:被|已|予以)?维持"),
        "litigation_upheld",
        "litigation",
    ),
    (re.compile(rf"申请[^。；，,]{{0,10}}?(?:均|全部|都)(?:已)?{OUTCOME_NAMES['disclosed']}"), "disclosed", "handled"),
)
_LAST_YEARS_OWN = re.compile(r"结转|上年|去年")
_SUM_WORD = re.compile(r"共计|合计|总计|累计|共|合共|总共")
_UP = re.compile(r"增加|增长|上升|提高|提升|增多|多出?")
_DOWN = re.compile(r"减少|下降|降低|回落|减少了|少")
_SAME = re.compile(r"持平")
_RATE = re.compile(r"([\u4e00-\u9fff]{1,6}率)")
RATE_NAMES = ("办结率", "纠错率", "纠正率")  # the rates code computes


def rate_quantities(name: str, proc: str | None) -> tuple[str | None, str | None]:
    """(what a rate counts, what it is a rate of): 办结率 = 办结 ÷ 收到申请; 纠错率 = 结果纠正 ÷ 行政复议 (or 诉讼)."""
    if name == "办结率":
        return "handled", "received"
    if name in ("纠错率", "纠正率") and proc in ("review", "litigation"):
        return f"{proc}_corrected", proc
    return None, None


_SHARE = re.compile(r"占|比重|比例|占比")
_DELTA_CUT = re.compile(r"(?:较|比|与|同)(?:上一?年度?|去年|20\d\d年)|同比|环比")
# last year named as the time of what follows (not 较上年, not 上年结转, which is this year's table)
_LAST_YEAR_REF = re.compile(r"(?<![较比与同和])(?:上一?年度?|去年)(?!度?结转|遗留|同期|相比|报告|度报告|问题)")
_THIS_YEAR_REF = re.compile(r"本年度?|今年|全年")
_WIDE_BREAK = re.compile(r"[，,。；;：:（()）？?！!\n]")


def _other_year(prefix: str, ctx: str, year: int | None) -> Literal["last", "other"] | None:
    """ "last" when the number is about last year (the sentence turned to it before the number and not back:
    「上年（2024年）收到申请50件」), "other" when its clause names another year (「2019年新收申请41件」), else None."""
    if year is not None and any(int(y) != year for y in YEAR_IN_CLAUSE.findall(ctx)):
        return "last" if all(int(y) in (year, year - 1) for y in YEAR_IN_CLAUSE.findall(ctx)) else "other"
    last = [m.start() for m in _LAST_YEAR_REF.finditer(prefix)]
    if year is not None:
        last += [m.start() for m in YEAR_IN_CLAUSE.finditer(prefix) if int(m.group(1)) == year - 1]
    if not last:
        return None
    this = [m.start() for m in _THIS_YEAR_REF.finditer(prefix)]
    if year is not None:
        this += [m.start() for m in YEAR_IN_CLAUSE.finditer(prefix) if int(m.group(1)) == year]
    return "last" if max(last) > max(this, default=-1) else None


def _direction(ctx: str) -> Direction | None:
    tail = _DELTA_CUT.split(ctx)[-1] if _DELTA_CUT.search(ctx) else ctx
    for pattern, d in ((_SAME, "same"), (_DOWN, "down"), (_UP, "up")):
        if pattern.search(tail):
            return d  # type: ignore[return-value]
    return None


def _base(ctx: str) -> str | None:
    """The quantity a share is taken of: 「占办结总数的」 → handled, 「占全部申请的」 → received."""
    m = re.search(r"占(.{0,14})", ctx)
    words = m.group(1) if m else ""
    if re.search(r"办结|答复|办理", words):
        return "handled"
    if "申请" in words:
        return "received"
    if REVIEW in words or "复议" in words:
        return "review"
    if LITIGATION in words or "诉讼" in words:
        return "litigation"
    return None


def _share_base(numerator: str | None, parts: tuple[str, ...]) -> str | None:
    """The natural whole of a quantity (予以公开 of 办结, 自然人 of 收到申请, 结果维持 of 行政复议)."""
    keys = parts or ((numerator,) if numerator else ())
    if not keys:
        return None
    if all(k in APPLICANT_KEYS for k in keys):
        return "received"
    if all(k.startswith("review_") for k in keys):
        return "review"
    if all(k.startswith("litigation_") and k not in ("litigation_direct", "litigation_after_review") for k in keys):
        return "litigation"
    if all(k in OUTCOME_KEYS for k in keys):
        return "handled"
    return None


def read_claims(text: str, *, year: int | None = None) -> list[Claim]:
    """Every claim in ``text`` (a paragraph), in reading order; spans index ``text``.

    A clause that names another year than ``year`` (「2023年新收申请41件」) states no quantity of this report.
    """
    text = normalise(text)
    out: list[Claim] = []
    for s in _SENTENCE.finditer(text):
        out += _sentence_claims(s.group(0), s.start(), year)
    return out


def _sentence_claims(sentence: str, offset: int, year: int | None) -> list[Claim]:
    out: list[Claim] = []
    proc: str | None = None  # the proceeding the sentence is about: applications, review, litigation
    last = 0
    counted: Claim | None = None  # the last count or sum naming a quantity: a share's or change's subject

    def add(claim: Claim) -> None:
        out.append(claim)

    for m in _TOKEN.finditer(sentence):
        span = (offset + m.start(), offset + m.end())
        token = m.group(0)
        starts = [x.end() for x in CLAUSE_BREAK.finditer(sentence, 0, m.start())]
        clause_start = starts[-1] if starts else 0
        after = CLAUSE_BREAK.search(sentence, m.end())
        clause_end = after.start() if after else len(sentence)
        ctx = sentence[clause_start : m.start()]
        right = sentence[m.end() : clause_end]
        clause = sentence[clause_start:clause_end].strip()
        base = dict(span=span, sentence=sentence, text=token, clause=clause)
        if m.group("placeholder"):
            continue  # what is still to be written states nothing
        if m.group("legal"):
            add(Claim(None, "", "", "legal", **base))
            continue
        if m.group("contact"):
            add(Claim(None, "", "", "contact", **base))
            continue
        if m.group("date"):
            y = int(m.group("dy")) if m.group("dy") else None
            d = int(m.group("dd")) if m.group("dd") else None
            add(Claim(None, "", "", "date", date=(y, int(m.group("dm")), d), **base))
            continue
        if m.group("year"):
            add(Claim(int(m.group("year")), "年", "", "year", **base))
            continue
        if m.group("ordinal"):
            unit = m.group("ordunit") or ""
            number = m.group("ordinal")[1:].strip()
            add(Claim(parse_value(number), unit, phrase(ctx, right), "ordinal", **base))
            continue
        before = sentence[last : m.start()]
        for piece in CLAUSE_BREAK.split(before)[:-1]:
            proc = proceeding(piece, proc)
        last = clause_start
        here = proceeding(ctx, proc)
        other_year = _other_year(sentence[: m.start()], ctx, year)
        if m.group("pct"):
            raw = token.rstrip("%").strip()
            value = chinese_number(raw[3:].split("点")[0]) if raw.startswith("百分之") else parse_value(raw)
            if DELTA.search(ctx) or _UP.search(ctx[-4:]) or _DOWN.search(ctx[-4:]):
                quantity = _change_subject(ctx, right, here, counted)
                add(
                    Claim(
                        value,
                        "%",
                        phrase(ctx, right),
                        "change",
                        quantity=quantity,
                        direction=_direction(ctx),
                        approximate=bool(APPROX_BEFORE.search(ctx)),
                        **base,
                    )
                )
                continue
            rate = _RATE.search(ctx)
            if rate and not _SHARE.search(ctx):
                named = next((r for r in RATE_NAMES if rate.group(1).endswith(r)), rate.group(1))
                if re.search(r"(?:按时|按期|当场|平均)" + named + "$", rate.group(1)):
                    named = rate.group(1)
                # a rate of the applications only in a sentence about them (not 12345热线's 办结率)
                alone = not any(c.kind == "count" and not c.quantity for c in out)
                about = (here == "applications" or alone) and not SUBSET.search(ctx)
                of, whole = rate_quantities(named, here) if about or named != "办结率" else (None, None)
                add(
                    Claim(
                        value,
                        "%",
                        named,
                        "rate",
                        quantity=of,
                        base=whole,
                        approximate=bool(APPROX_BEFORE.search(ctx)),
                        **base,
                    )
                )
                continue
            numerator, parts = _numerator(ctx, right, here, counted)
            whole = _base(ctx) or _share_base(numerator, parts)
            stated = [c for c in out if c.kind in ("count", "sum") and c.value is not None]
            of = (float(stated[-1].value), stated[-1].unit) if stated and not (numerator or parts) else None
            add(
                Claim(
                    value,
                    "%",
                    phrase(ctx, right),
                    "share",
                    quantity=numerator,
                    parts=parts,
                    base=whole,
                    of=of,
                    approximate=bool(APPROX_BEFORE.search(ctx)),
                    **base,
                )
            )
            continue
        unit = m.group("unit") or ""
        if m.group("badunit"):
            continue  # 条例, 一次性, 个别 …: not a count
        raw = m.group("num")
        numeral = not raw[0].isdigit()
        value = parse_value(raw)
        if value is None:
            continue
        if unit == "年":
            add(Claim(value, "年", "", "duration", **base))
            continue
        if unit in ("日", "月") or unit in DURATION_UNITS:
            add(Claim(value, unit, phrase(ctx, right), "duration", numeral=numeral, **base))
            continue
        if numeral and not unit:
            continue  # 一是, 两个 without a unit: words, not numbers
        unit, times = scaled(unit)
        value = value * times if times != 1 else value
        approximate = bool(m.group("approx") or APPROX_BEFORE.search(ctx) or re.match(r"\s*(?:余|多|左右)", right))
        subject = phrase(ctx, right)
        if DELTA.search(ctx):
            quantity = None if other_year else _change_subject(ctx, right, here, counted)
            claim = Claim(
                value,
                unit,
                subject,
                "change",
                quantity=quantity,
                direction=_direction(ctx),
                approximate=approximate,
                numeral=numeral,
                **base,
            )
            add(claim)
            counted = claim if quantity else counted
            proc = here
            continue
        wide_starts = [x.end() for x in _WIDE_BREAK.finditer(sentence, 0, m.start())]
        wide = sentence[wide_starts[-1] if wide_starts else 0 : m.start()]
        parts = () if re.search(r"\d|各\s*$", wide) else sum_parts(wide)
        if parts and not other_year and unit in ("件", "宗", "起", "件次", "份", ""):
            claim = Claim(value, unit, subject, "sum", parts=parts, approximate=approximate, numeral=numeral, **base)
            add(claim)
            counted = claim
            proc = here
            continue
        quantity = None
        if unit in ("万元", "件次", "件", "宗", "起", "份") and other_year != "other" and not approximate:
            quantity = classify(ctx, right, unit, here) or _applicant_kind(ctx)
        claim = Claim(
            value,
            unit,
            subject,
            "count",
            quantity=quantity,
            approximate=approximate,
            numeral=numeral,
            last_year=other_year == "last",
            **base,
        )
        add(claim)
        named = None if quantity or unit != "件" else _part_name(ctx)
        if named:  # 「商业企业申请17件，占…」: not compared alone, but what the share after it is of
            counted = replace(claim, quantity=named)
        if quantity:
            counted = claim
            if quantity == "litigation" and REVIEW in ctx and ctx.rstrip().endswith("各"):
                add(Claim(value, unit, subject, "count", quantity="review", **base))  # 复议和诉讼各2件
        proc = here
    out += _word_claims(sentence, offset, out)
    return out


def _numerator(ctx: str, right: str, proc: str | None, counted: Claim | None) -> tuple[str | None, tuple[str, ...]]:
    """What a share is a share of: named before 占 (「自然人申请占…」, 「予以公开和部分公开合计占…」), else the
    sentence's last quantity."""
    cut = ctx.split("占")[0] if "占" in ctx else ""
    if cut.strip():
        parts = sum_parts(cut)
        if parts:
            return None, parts
        named = _part_name(cut) or classify(cut, right, "件", proceeding(cut, proc))
        if named:
            return named, ()
    return (counted.quantity, counted.parts) if counted else (None, ())


def _applicant_kind(ctx: str) -> str | None:
    """「商业企业提出申请十五件」: the applications of one kind of organisation (表三's column)."""
    if "申请" not in ctx or SUBSET.search(ctx) or DELTA.search(ctx):
        return None
    return next((c.id for c in ORGANISATION_COLUMNS if c.label in ctx), None)


def _part_name(text: str) -> str | None:
    text = re.sub(r"(?:合计|共计|总计|申请|决定|案件|的|数|约|近|将近|大约)+$", "", text.strip())
    return next((key for name, key in PART_NAMES if text.endswith(name)), None)


def _change_subject(ctx: str, right: str, proc: str | None, counted: Claim | None) -> str | None:
    """The quantity a change is of: named before 较上年 (「收到申请较上年减少9件」), else the sentence's last one."""
    cut = _DELTA_CUT.split(ctx)[0] if _DELTA_CUT.search(ctx) else ""
    if cut.strip():
        q = classify(cut, right, "件", proceeding(cut, proc))
        if q:
            return q
    return counted.quantity if counted else None


def _word_claims(sentence: str, offset: int, numbers: list[Claim]) -> list[Claim]:
    """近九成, 绝大多数 … (shares in words) and 全部办结, 无结转, 未发生行政复议 (counts of 0)."""
    out: list[Claim] = []
    for m in _APPROX_WORD.finditer(sentence):
        if m.group("tenths"):
            tenth = chinese_number(m.group("tenths")) / 10  # type: ignore[operator]
            near, more = m.group("near") or "", m.group("more") or ""
            if near in ("近", "将近", "接近", "不到", "不足"):
                low, high = tenth - 0.07, tenth
            elif near in ("超过", "逾") or more:
                low, high = tenth, min(1.0, tenth + 0.1)
            else:
                low, high = tenth - 0.05, tenth + 0.05
        else:
            low, high = _WORD_RANGES[m.group("word")]
        before = [c for c in numbers if c.span[0] - offset < m.start() and (c.quantity or c.parts)]
        counted = before[-1] if before else None
        clause_starts = [x.end() for x in CLAUSE_BREAK.finditer(sentence, 0, m.start())]
        ctx = sentence[clause_starts[-1] if clause_starts else 0 : m.start()]
        after = CLAUSE_BREAK.search(sentence, m.end())
        right = sentence[m.end() : after.start() if after else len(sentence)]
        numerator, parts = _numerator(ctx, right, "applications", counted)
        if numerator is None and not parts:  # 「六成以上的申请予以公开或部分公开」「逾半数申请来自商业企业」
            told = re.sub(r"^[的之]?(?:申请|案件)?", "", right)
            parts = sum_parts(told)
            numerator = None if parts else classify(right, "", "件", "applications") or _part_name(told)
        out.append(
            Claim(
                None,
                "",
                phrase(ctx, right),
                "approx",
                (offset + m.start(), offset + m.end()),
                sentence,
                m.group(0),
                clause=(ctx + m.group(0) + right).strip(),
                quantity=numerator,
                parts=parts,
                base=_base(ctx) or _share_base(numerator, parts),
                low=low,
                high=high,
            )
        )
    for m in _FLAT.finditer(sentence):
        if _DIGIT_AFTER.match(sentence, m.end()):
            continue  # 「与上年持平（均为59件）」: the number is read as a claim of its own
        before = [c for c in numbers if c.span[0] - offset < m.start() and c.quantity]
        out.append(
            Claim(
                None,
                "",
                "",
                "change",
                (offset + m.start(), offset + m.end()),
                sentence,
                m.group(0),
                clause=m.group(0),
                quantity=before[-1].quantity if before else None,
                direction="same",
            )
        )
    for m in _TREND.finditer(sentence):
        clause_starts = [x.end() for x in CLAUSE_BREAK.finditer(sentence, 0, m.start())]
        ctx = sentence[clause_starts[-1] if clause_starts else 0 : m.start()]
        before = [c for c in numbers if c.span[0] - offset < m.start() and c.quantity]
        named = classify(ctx, "", "件", proceeding(ctx, "applications" if "申请" in sentence else None))
        out.append(
            Claim(
                None,
                "",
                "",
                "change",
                (offset + m.start(), offset + m.end()),
                sentence,
                m.group(0),
                clause=(ctx + m.group(0)).strip(),
                quantity=named or (before[-1].quantity if before else None),
                direction="up" if _UP.search(m.group(1)) else "down",
            )
        )
    for pattern, quantity, whole in _ALL_OF:
        for m in pattern.finditer(sentence):
            out.append(
                Claim(
                    None,
                    "",
                    "",
                    "approx",
                    (offset + m.start(), offset + m.end()),
                    sentence,
                    m.group(0),
                    clause=m.group(0),
                    quantity=quantity,
                    base=whole,
                    low=1.0,
                    high=1.0,
                )
            )
    for pattern, quantity in _ALL_WORDS:
        for m in pattern.finditer(sentence):
            if quantity == "carried_forward" and "无" not in m.group(0) and "没有" not in m.group(0):
                if _LAST_YEARS_OWN.search(sentence[max(0, m.start() - 8) : m.end()]):
                    continue  # 「上年结转申请1件，已全部办结」 is about last year's, not about what is left over
            found = [quantity]
            if quantity == "review" and LITIGATION in sentence[m.end() : m.end() + 6]:
                found.append("litigation")
            for q in found:
                out.append(
                    Claim(
                        0,
                        "件",
                        "",
                        "approx",
                        (offset + m.start(), offset + m.end()),
                        sentence,
                        m.group(0),
                        clause=m.group(0),
                        quantity=q,
                        low=0,
                        high=0,
                    )
                )
    return out
