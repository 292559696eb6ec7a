"""Every number in prose read as a claim: its value, unit, subject (what it counts) and kind.

Kinds: count, sum (「予以公开和部分公开共计38件」, 「予以公开及部分公开答复38件」, 「予以公开（含部分公开）38件」,
「行政复议4件，行政诉讼2件，合计6件」), rate (办结率), share (占…的X%), change (较上年增加/减少N, 增长/下降X%), approx
(近九成, 大半, 全部办结, 无结转, 未发生行政复议), date, year, ordinal, legal reference, contact data, duration.
Years are read but judged by the YEAR rule, not here.

A change is not a total: in 「行政复议较上年增加1件，全年共4件」 1 is the change (checked against last year's report
only) and 4 the total; in 「从50件增加到59件」 50 is last year's value and 59 this year's.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal

from app import lazy_re
from app.claims.claim import Claim, Direction
from app.claims.lists import Listed, list_contexts
from app.claims.numbers import (
    ARABIC,
    CN_DIGITS,
    CN_NUMERAL,
    LOOK_BACK,
    chinese_number,
    decimals,
    normalise,
    parse_value,
)
from app.claims.quantities import siblings
from app.claims.subjects import (
    APPROX_BEFORE,
    CLAUSE_BREAK,
    DELTA,
    DELTA_CUT,
    RATE_NAMES,
    SUBSET,
    YEAR_IN_CLAUSE,
    applicant_after,
    applicant_kind,
    change_subject,
    classify,
    corrected,
    frame,
    natural_whole,
    part_name,
    phrase,
    proceeding,
    rate_quantities,
    share_numerator,
    share_whole,
    sum_parts,
    within,
)
from app.claims.units import DURATION_UNITS, UNITS, alternation, scaled
from app.claims.words import DOWN, SAME, UP, word_claims

__all__ = ["Claim", "read_claims"]

_SENTENCE = lazy_re.compile(r"[^。；;？?！!\n]+")
_UNIT = alternation((*UNITS, "日", "年", "月"))
_CN = rf"(?<![{CN_NUMERAL[1:-1]}第]){CN_NUMERAL}{{1,6}}"
_TOKEN = lazy_re.compile(
    r"(?P<placeholder>【待补充[^】]*】)"
    r"|(?P<legal>[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d+\s*号|国(?:务院)?令第\s*\d+\s*号|第\s*[\d〇零一二两三四五六七八九十百]+\s*[条款项章节]"
    r"|《[^》]{0,60}》)"
    r"|(?P<contact>(?:https?://|www\.)[A-Za-z0-9./%?=&#:~_-]+|(?<![A-Za-z0-9_.+-])[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[(（]?0\d{2,3}[)）]?\s*[-－—]?\s*\d{7,8}"
    r"|(?<=[路街巷道弄])\d+\s*号(?:\s*\d+\s*[楼层室])?|(?<!\d)1[3-9]\d{9}(?!\d)|(?<=邮编)[:：]?\s*\d{6}|(?<=邮政编码)[:：]?\s*\d{6}|(?<!\d)\d{5,6}(?=\s*(?:热线|服务热线|便民)))"
    r"|(?P<date>(?:(?P<dy>(?:19|20)\d\d)\s*年\s*)?(?P<dm>1[0-2]|0?[1-9])\s*月\s*(?:(?P<dd>[12]\d|3[01]|0?[1-9])\s*日)?)"
    r"|(?P<year>(?<!\d)(?:19|20)\d\d)(?=\s*年)"
    r"|(?P<ordinal>第\s*(?:\d+|[一二三四五六七八九十]+))(?P<ordunit>季度|场|次|期|个|批|届|轮|年|名|家)?"
    rf"|(?P<pct>百分之{CN_NUMERAL}{{1,6}}(?:点[{CN_DIGITS}]{{1,4}})?(?![{CN_NUMERAL[1:-1]}点])|{ARABIC}\s*%)"
    rf"|(?P<num>{ARABIC}|{_CN})\s*(?P<scale>[千万亿](?=\s*(?:余|多)?\s*(?:{_UNIT})))?\s*(?P<approx>余|多)?\s*(?P<unit>{_UNIT})?"
    r"(?P<badunit>(?<=[条次件个部份项类])(?:例|性|别|事|级|致|体|化|站|网|线|分(?!别)|门|署|委|目|型))?"
)
_RATE = lazy_re.compile(r"([\u4e00-\u9fff]{1,6}率)")
_SHARE = lazy_re.compile(r"占|比重|比例|占比")
# last year named as the time of what follows (not 较上年, not 上年结转, which is this year's table)
_LAST_YEAR_REF = lazy_re.compile(r"(?<![较比与同和])(?:上一?年度?|去年)(?!度?结转|遗留|同期|相比|报告|度报告|问题)")
_THIS_YEAR_REF = lazy_re.compile(r"本年度?|今年|全年")
_CLOSING = lazy_re.compile(r"\s*[)）]")
_WIDE_BREAK = lazy_re.compile(r"[，,。；;：:（()）？?！!\n]")
# 「予以公开（含部分公开）」38件 and 38件「（含部分公开7件）」: a number said to include another quantity
_INCLUDED_BEFORE = lazy_re.compile(
    r"([^，,。；;：:（()）]+?)\s*[（(]\s*(?:含|包括|包含)\s*([^，,。；;：:（()）\d]{2,12})\s*[）)]\s*(?:共计|合计|共|计|为)?\s*$"
)
# a clause that gives a total and names nothing: 「全年共」5件, 「为」5件, 「达到」60件
_BARE_TOTAL = lazy_re.compile(
    r"^\s*(?:全年度?|本年度?|今年|年内)?\s*(?:以上|上述|这|[两二三四]\s*[项者类种])*\s*"
    r"(?:总共|一共|共计|合计|总计|累计|共|计|达到|达|为|是)+\s*$"
)
# a change said with the value it came to: 「增加到60件」「下降至3件」, and the value it came from: 「由50件」
_CHANGED_TO = lazy_re.compile(r"(?:增加|增长|上升|提高|增|减少|下降|回落|降低|减|降)(?:到|至)\s*$")
_CHANGED_TO_AFTER = lazy_re.compile(r"\s*(?:增加|增长|上升|提高|增|减少|下降|回落|降低|减|降)(?:到|至)")
_FROM = lazy_re.compile(r"(?:由|从)(?:上一?年度?|去年|20\d\d年)?(?:同期)?[的之]?\s*$")
_FROM_VALUE = lazy_re.compile(r"(?:由|从)[^，,。；;]*$")
_SUM_WORD = lazy_re.compile(r"共计|合计|总计|共")
_INCLUDED_AFTER = lazy_re.compile(
    rf"\s*[（(]\s*(?:含|包括|包含)\s*([^，,。；;：:（()）\d]{{2,12}}?)\s*(?:\d|{CN_NUMERAL})"
)
# a number said to be last year's, as the point a change is taken from (「较上年的50件」, 「比2024年同期的50件」)
_REFERENCE = lazy_re.compile(r"相?(?:较|比|与|同)于?(?:上一?年度?|去年|20\d\d年)(?:同期)?(?:[的之]|\s*[（(])\s*$")
_REFERENCE_BARE = lazy_re.compile(r"相?(?:较|比|与|同)于?(?:上一?年度?|去年|20\d\d年)(?:同期)?\s*$")
_THEN_DIRECTION = lazy_re.compile(
    r"\s*[)）]?\s*[，,]?\s*(?:相比|相较|持平|增加|增长|上升|提高|增多|下降|减少|回落|降低|有所|略有|明显|大幅|稍有|多|少)"
)
# 「收到申请59件，上年为50件」: last year's value of what the sentence just counted
_LAST_YEAR_WAS = lazy_re.compile(
    r"(?:^|[，,])\s*(?:而|但)?(?:上一?年度?|去年|(?P<year>20\d\d)\s*年度?)(?:同期)?(?:则|仅|只)?(?:为|是|有|共|仅|计|共计)*\s*$"
)
# the direction said of it, when no number follows (「有所增加」, 「相比略有下降」)
_TREND_AFTER = lazy_re.compile(
    r"\s*(?:相比|相较)?\s*(?:均|都)?\s*(?P<word>(?:有所|略有|明显|大幅|稍有|进一步)?(?:增加|增长|上升|提高|增多|下降|减少|回落|降低))"
    r"(?![了\d零〇一二两三四五六七八九十百千])"
)


def _changed_quantity(cut: str, right: str, proc: str | None, counted: Claim | None) -> str | None:
    """The quantity a change names before its verb (「收到申请较上年」 → received), else the sentence's last one."""
    cut = DELTA_CUT.split(cut)[0] if DELTA_CUT.search(cut) else cut
    named = classify(cut, right, "件", proceeding(cut, proc)) if cut.strip() else None
    return named or (counted.quantity if counted else None)


def _added(claims: list[Claim]) -> tuple[str, ...]:
    """The quantities of the counts said last, one after another, when they can be added up (行政复议 and 行政诉讼;
    本年新收 and 上年结转), else ()."""
    run: list[str] = []
    for c in reversed(claims):
        if c.kind != "count" or not c.quantity or c.last_year or c.approximate:
            break
        if not all(siblings(c.quantity, q) for q in run):
            break
        run.insert(0, c.quantity)
    return tuple(run) if len(run) >= 2 else ()


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


# other agencies than the one reporting: what they did is no cell of this report's tables
_OTHER_BODIES = lazy_re.compile(
    r"县区|区县|市级部门|各部门|各单位|下级|各乡镇|各街道|各县|各区|(?<!\d)\d+个(?:县|区|乡镇|街道|部门|单位)"
)
_SCALES = {"千": 1000, "万": 10000, "亿": 100000000}


def _trailing_zeros(value: float) -> int:
    n, zeros = int(value), 0
    while n and n % 10 == 0:
        n, zeros = n // 10, zeros + 1
    return zeros


def _both_years(text: str, year: int | None) -> bool:
    """True when ``text`` speaks of last year and this year at once (「上年受理、本年办结的」)."""
    years = {int(y) for y in YEAR_IN_CLAUSE.findall(text)}
    last = bool(_LAST_YEAR_REF.search(text)) or (year is not None and year - 1 in years)
    this = bool(re.search(r"本年度?|今年", text)) or (year is not None and year in years)
    return last and this


def _compared(text: str, year: int | None) -> str:
    """``text`` with last year named as what a change is taken from (「较2024年」) said as 「较上年」 (the number
    after it is still this year's), and next year after 结转 (「结转至2025年度」) as 下年."""
    if not year:
        return text
    text = re.sub(rf"(结转(?:到|至|入)?\s*){year + 1}\s*年", r"\1下年", text)  # 「结转至2025年度」: next year
    return re.sub(rf"([较比与同]于?){year - 1}\s*年", r"\1上年", text)


def _direction(ctx: str) -> Direction | None:
    tail = DELTA_CUT.split(ctx)[-1] if DELTA_CUT.search(ctx) else ctx
    for pattern, d in ((SAME, "same"), (DOWN, "down"), (UP, "up")):
        if pattern.search(tail):
            return d  # type: ignore[return-value]
    return None


MAX_CLAIMS = 2_000  # numbers read from one paragraph (a report's longest has well under 100): more is no report


def read_claims(text: str, *, year: int | None = None, limit: int | None = None) -> list[Claim]:
    """Every claim in ``text`` (a paragraph), in reading order, or the first ``limit`` of them (a caller that stops
    there reads one more to know, and says so); spans index ``text``.

    A clause that names another year than ``year`` (「2023年新收申请41件」) states no quantity of this report.
    Numbers are read in the ASCII-number copy of ``text`` (「３，８６４件」 as 3,864件, same spans); a claim's text,
    clause and sentence are quoted as ``text`` writes them.
    """
    written = text
    text = normalise(text)
    out: list[Claim] = []
    limit = sys.maxsize if limit is None else limit
    for s in _SENTENCE.finditer(text):
        claims = _sentence_claims(s.group(0), s.start(), year, limit - len(out))
        sentence = written[s.start() : s.end()]
        if sentence != s.group(0):
            claims = [_as_written(c, s.group(0), s.start(), sentence, written) for c in claims]
        out += claims
        if len(out) >= limit:
            return out[:limit]
    return out


def _as_written(claim: Claim, read: str, offset: int, sentence: str, written: str) -> Claim:
    """``claim`` with its text, clause and sentence as the paragraph writes them (``read`` is the sentence's
    ASCII-number copy, ``sentence`` the sentence as written: the same length; ``offset`` where it starts in the
    paragraph). Of a clause written twice, the one holding the claim's number is quoted."""
    at = -1
    if claim.clause:  # the occurrence holding the number starts at most one clause length before it
        number, size = claim.span[0] - offset, len(claim.clause)
        at = read.find(claim.clause, max(0, number - size + 1), number + size)
        if at < 0:
            at = read.find(claim.clause)
    clause = sentence[at : at + len(claim.clause)] if at >= 0 else claim.clause
    return replace(claim, text=written[claim.span[0] : claim.span[1]], clause=clause, sentence=sentence)


def _tokens(sentence: str, lists: dict[int, Listed]) -> Iterator[tuple[re.Match[str], str | None]]:
    """Each token of ``sentence`` with the words it is read with when a list pairs it with a subject (a number
    said of several subjects, 「各2件」, comes once for each)."""
    for m in _TOKEN.finditer(sentence):
        listed = lists.get(m.start()) if m.group("pct") or m.group("num") else None
        for ctx in (listed.contexts if listed else ()) or (None,):
            yield m, ctx


def _sentence_claims(sentence: str, offset: int, year: int | None, limit: int = sys.maxsize) -> list[Claim]:
    out: list[Claim] = []
    proc: str | None = None  # the proceeding the sentence is about: applications, review, litigation
    last = 0
    counted: Claim | None = None  # the last count or sum naming a quantity: a share's or change's subject

    def add(claim: Claim) -> None:
        out.append(claim)

    lists = list_contexts(sentence)
    breaks = [x.end() for x in CLAUSE_BREAK.finditer(sentence)]
    wide_breaks = [x.end() for x in _WIDE_BREAK.finditer(sentence)]
    among_at = [x.start() for x in re.finditer("其中", sentence)]
    other_bodies = _OTHER_BODIES.search(sentence)
    history: list[Claim] = []  # every quantity the sentence has named so far, in order
    earlier: list[Claim] | None = None  # what a list said of earlier quantities pairs with
    for m, listed in _tokens(sentence, lists):
        if len(out) >= limit:
            break
        if counted is not None and (not history or history[-1] is not counted):
            history.append(counted)
        span = (offset + m.start(), offset + m.end())
        token = m.group(0)
        i_break = bisect_right(breaks, m.start())
        # what is read before the number: from the first clause break at most LOOK_BACK characters back
        lo = m.start() - LOOK_BACK
        j = bisect_left(breaks, lo) if lo > 0 else 0
        back = 0 if lo <= 0 else breaks[j] if j < i_break else lo
        clause_start = max(breaks[i_break - 1] if i_break else 0, m.start() - LOOK_BACK)
        i_after = bisect_right(breaks, m.end())  # the first break at or after the number's end
        clause_end = min(breaks[i_after] - 1 if i_after < len(breaks) else len(sentence), m.end() + LOOK_BACK)
        ctx = listed or sentence[clause_start : m.start()]
        in_list = lists.get(m.start()) if m.group("pct") or m.group("num") else None
        if in_list is not None and in_list.earlier is not None:  # paired in order with the quantities said before
            i, n = in_list.earlier
            earlier = (history[-n:] if len(history) >= n else None) if i == 0 else earlier
            counted = earlier[i] if earlier else counted
        unpaired = in_list is not None and not in_list.contexts and in_list.earlier is None
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
        other_year = _other_year(_compared(sentence[back : m.start()], year), _compared(ctx, year), year)
        if unpaired:  # 「A、B、C分别为1件、2件」: which number is whose is not guessed
            unit = "%" if m.group("pct") else scaled(m.group("unit") or in_list.unit)[0]  # type: ignore[union-attr]
            value = parse_value((m.group("num") or token).rstrip("%").strip())
            kind = "share" if unit == "%" else "count"
            add(Claim(value, unit, phrase(ctx, right), kind, unpaired=True, **base))
            continue
        if m.group("pct"):
            raw = token.rstrip("%").strip()
            value = chinese_number(raw[3:]) if raw.startswith("百分之") else parse_value(raw)
            if DELTA.search(ctx) or UP.search(ctx[-4:]) or DOWN.search(ctx[-4:]):
                quantity = change_subject(ctx, right, here, counted)
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
            numerator, parts = share_numerator(ctx, right, here, counted)
            whole = share_whole(ctx) or natural_whole(numerator, parts)
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
        unit = m.group("unit") or (in_list.unit if in_list else "")
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
        if m.group("scale"):  # 「31万余件」「4.8亿余元」「3千余件」
            times *= _SCALES[m.group("scale")]
            if unit == "元" and times >= 10000:
                unit, times = "万元", times // 10000
        step = times * (10.0 ** -decimals(raw) if "." in raw else 10 ** _trailing_zeros(value))
        value = value * times if times != 1 else value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        word = APPROX_BEFORE.search(ctx)
        after = re.match(r"\s*(余|多|左右)", right)
        approx_word = m.group("approx") or (after.group(1) if after else "") or (word.group(1) if word else "")
        approximate = bool(approx_word) or times != 1  # 「21.53万件」: rounded to its last digit
        subject = phrase(ctx, right)
        # 「较上年的50件有所增加」「比上年（50件）」「比上年50件增加9件」「上年为50件」: last year's value
        reference = _REFERENCE.search(sentence, back, m.start())
        if reference is None and _THEN_DIRECTION.match(sentence, m.end()):
            reference = _REFERENCE_BARE.search(sentence, back, m.start())
        was = _LAST_YEAR_WAS.search(ctx) if reference is None and history else None
        if was and (was.group("year") is None or (year is not None and int(was.group("year")) == year - 1)):
            reference = _LAST_YEAR_WAS.search(sentence, back, m.start())  # 「…，上年为50件」「…，2024年为50件」
        listed_last_year = in_list is not None and in_list.last_year
        if (reference or listed_last_year) and not listed and other_year != "other":
            named = breaks[: bisect_right(breaks, reference.start())] if reference else []
            named_ctx = _compared(sentence[named[-1] if named else 0 : m.start()] if reference else ctx, year)
            quantity = change_subject(named_ctx, right, here, counted)
            if reference:
                subject = phrase(sentence[named[-1] if named else 0 : reference.start()], "") or subject
            claim = Claim(value, unit, subject, "count", quantity=quantity, numeral=numeral, last_year=True, **base)
            add(claim)
            counted = claim if quantity else counted
            closed = (
                _CLOSING.match(sentence, m.end())
                if reference and ("（" in reference.group(0) or "(" in reference.group(0))
                else None
            )
            after_ref = m.end() + (closed.end() if closed else 0)
            trend = _TREND_AFTER.match(sentence, after_ref)
            if trend:
                at = (offset + trend.start("word"), offset + trend.end("word"))
                right = sentence[m.end() : trend.end()]
                said = (ctx + token + right).strip()
                direction = _direction(trend.group("word"))
                add(
                    Claim(
                        None,
                        "",
                        subject,
                        "change",
                        at,
                        sentence,
                        trend.group("word"),
                        said,
                        quantity,
                        direction=direction,
                    )
                )
            proc = here
            continue
        if _FROM.search(sentence[back : m.start()]) and _CHANGED_TO_AFTER.match(sentence, m.end()) and not listed:
            # 「收到申请从50件增加到59件」: where the change started, last year's value
            quantity = None if other_year == "other" else _changed_quantity(_FROM.sub("", ctx), right, here, counted)
            claim = Claim(value, unit, subject, "count", quantity=quantity, numeral=numeral, last_year=True, **base)
            add(claim)
            counted = claim if quantity else counted
            proc = here
            continue
        if _CHANGED_TO.search(ctx) and not listed:  # 「收到申请较上年增加到60件」: the new total, not the change
            cut = _FROM_VALUE.sub("", _CHANGED_TO.sub("", ctx))
            quantity = None if other_year == "other" or approximate else _changed_quantity(cut, right, here, counted)
            claim = Claim(value, unit, subject, "count", quantity=quantity, numeral=numeral, **base)
            add(claim)
            counted = claim if quantity else counted
            proc = here
            continue
        if DELTA.search(ctx):
            quantity = None if other_year else change_subject(ctx, right, here, counted)
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
        i_wide = bisect_right(wide_breaks, m.start())
        wide = sentence[max(wide_breaks[i_wide - 1] if i_wide else 0, back) : m.start()]
        closing = re.search(r"[）)]", sentence[max(0, m.start() - 12) : m.start()])
        included = _INCLUDED_BEFORE.search(sentence[back : m.start()]) if closing else None
        if included:  # 「予以公开（含部分公开）38件」: the two together
            wide = included.group(1) + "和" + included.group(2)
        parts = () if listed or re.search(r"\d|各\s*$", wide) else sum_parts(wide, here)
        if parts and not other_year and unit in ("件", "宗", "起", "件次", "份", ""):
            claim = Claim(value, unit, subject, "sum", parts=parts, approximate=approximate, numeral=numeral, **base)
            add(claim)
            counted = claim
            proc = here
            continue
        quantity = None
        if unit in ("万元", "件次", "件", "宗", "起", "份") and other_year != "other":
            quantity = classify(ctx, right, unit, here) or applicant_kind(ctx)
            if quantity in ("received", None):
                quantity = applicant_after(right) or quantity
            if quantity and other_bodies and other_bodies.end() <= m.start():  # 「12个县区政府全年共收到申请…」
                quantity = None
            if quantity and _both_years(wide, year):  # 「2023年受理、2024年办结的申请共57件」: neither year's total
                quantity = None
            i_among = bisect_left(among_at, m.start() - 1)
            among = among_at[i_among - 1] if i_among else -1
            outer = (
                next((c for c in reversed(out) if c.quantity and c.span[1] <= offset + among), None)
                if among >= 0
                else None
            )
            quantity = within(corrected(quantity, ctx, wide), frame(sentence[back:clause_start], ctx, outer))
        if quantity is None and _BARE_TOTAL.match(ctx) and unit in ("件", "宗", "起") and not (other_year or listed):
            # 「行政复议较上年增加1件，全年共5件」: the total of what the change just said is of
            prior = next((c for c in reversed(out) if c.kind in ("count", "sum", "change")), None)
            quantity = prior.quantity if prior is not None and prior.kind == "change" else None
            added = _added(out) if quantity is None and _SUM_WORD.search(ctx) else ()
            if added:  # 「行政复议4件，行政诉讼2件，合计6件」: the quantities just counted, added up
                claim = Claim(value, unit, subject, "sum", parts=added, numeral=numeral, **base)
                add(claim)
                counted = claim
                proc = here
                continue
        included = _INCLUDED_AFTER.match(sentence, m.end()) if quantity else None
        other = (part_name(included.group(1)) or classify(included.group(1), "", unit, here)) if included else None
        if other and siblings(quantity, other):  # type: ignore[arg-type]
            # 「予以公开38件（含部分公开7件）」: 38 is both together (部分公开 is not a part of 予以公开)
            claim = Claim(value, unit, subject, "sum", parts=(quantity, other), numeral=numeral, **base)  # type: ignore[arg-type]
            add(claim)
            counted = claim
            proc = here
            continue
        claim = Claim(
            value,
            unit,
            subject,
            "count",
            quantity=quantity,
            approximate=approximate,
            approx_word=approx_word,
            step=step,
            numeral=numeral,
            last_year=other_year == "last",
            **base,
        )
        add(claim)
        named = None if quantity or unit != "件" else part_name(ctx)
        if named:  # 「商业企业申请17件，占…」: not compared alone, but what the share after it is of
            counted = replace(claim, quantity=named)
        if quantity:
            counted = claim
        proc = here
    out += word_claims(sentence, offset, out)
    return out
