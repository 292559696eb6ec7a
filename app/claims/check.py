"""Each claim checked against a fact of the same subject and unit.

- A table quantity (or a natural sum of them) must equal the table.
- 办结率, shares (占…的X%, 近九成) and year-on-year changes are computed here from this year's and last year's
  tables and compared within the rounding the stated number allows (96.8% allows ±0.1; 97% allows ±1).
- 全部办结, 无结转, 未发生行政复议 are counts of 0 and are compared with the table.
- Everything else rests on a fact with the same number, a unit of the same kind and, when both name one, the
  same subject: 「3场」 in the notes does not ground 「3个查阅点」; dates must be in the notes or the metadata.

A published report is written by people: only a contradiction of a resolved table value is reported there.
A draft of this tool must ground every claim (``own_draft``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app import lazy_re
from app.claims.derived import change, part_value, share
from app.claims.legal import KNOWN_DOCUMENTS, document_keys, regulation_article_problem
from app.claims.numbers import decimals, fmt, normalise
from app.claims.quantities import QUANTITIES, quantity_values, where
from app.claims.reader import Claim, read_claims
from app.claims.subjects import names, overlap
from app.claims.units import same_unit
from schemas.report import Report

Status = Literal["ok", "contradicts", "unsupported"]

# statutory time limits (《条例》第三十三条、第三十二条、第三十条): not numbers a draft must source
_STATUTORY_DAYS = {7.0, 15.0, 20.0}
# units a number written in words still states a figure in (三场, 五篇); 三个方面, 六部分 are words
_FIGURE_UNITS = {"件", "条", "篇", "场", "次", "人次", "名", "期", "万元", "元"}
_PHONE = lazy_re.compile(r"[(（]?0\d{2,3}[)）]?\s*[-－—]?\s*\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{6}(?!\d)")
_DIGITS = lazy_re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the check found for one claim: ``expected`` is what the fact says, ``source`` where it is."""

    claim: Claim
    status: Status
    expected: int | float | str | None = None
    source: str = ""
    quantity: str | None = None  # the table quantity compared with, for the finding's location


@dataclass
class Ground:
    """What claims may rest on: the report's tables, last year's, and the facts read from notes, derived
    statements and metadata."""

    report: Report
    previous: Report | None = None
    facts: list[Claim] = field(default_factory=list)
    numbers: set[float] = field(default_factory=set)
    dates: list[tuple[int | None, int, int | None]] = field(default_factory=list)
    cells: set[float] = field(default_factory=set)
    documents: set[tuple[str, int]] = field(default_factory=set)
    text: str = ""  # the facts' texts as written (notes, derived statements, metadata)
    contacts: str = ""  # metadata and notes, lower case: addresses, e-mail, web addresses
    contact_digits: str = ""  # the digits of every phone number and postcode there, joined by "|"


def build_ground(
    report: Report,
    *,
    previous: Report | None = None,
    texts: tuple[str, ...] | list[str] = (),
    numbers: tuple[str, ...] | list[str] = (),
) -> Ground:
    """The ground for claims of ``report``: its tables, ``previous``, facts read from ``texts`` (notes, derived
    statements) and bare numbers in ``numbers`` (contact data, addresses …)."""
    g = Ground(report=report, previous=previous)
    year = report.meta.year
    for text in texts:
        for c in read_claims(text, year=None):
            if c.kind == "date" and c.date:
                g.dates.append(c.date)
            elif c.value is not None:
                g.facts.append(c)
                g.numbers.add(float(c.value))
    for text in numbers:
        g.numbers.update(float(n) for n in _DIGITS.findall(text))
    for text in (*KNOWN_DOCUMENTS, *texts, *numbers):
        g.documents |= document_keys(text)
    g.text = "\n".join((*texts, *numbers))
    g.contacts = g.text.lower().replace(" ", "")
    g.contact_digits = "|".join(re.sub(r"\D", "", t) for t in _PHONE.findall("\n".join((*numbers, *texts))))
    if year:
        g.dates += [(year, 1, 1), (year, 12, 31)]
    for d in (report.meta.publication.date, report.meta.signoff.date):
        if d:
            g.dates.append((d.year, d.month, d.day))
    for cells in report.tables.values():
        g.cells.update(float(c.value) for c in cells.values() if c.value is not None)
    return g


def _tolerance(claim: Claim) -> float:
    """The rounding a stated percentage allows: one unit of its last decimal (96.8 → 0.1, 97 → 1)."""
    return 10.0 ** -decimals(claim.text) + 1e-9


def _close(value: float, targets: list[float], tol: float) -> bool:
    return any(abs(value - t) <= tol for t in targets)


def check_claim(claim: Claim, ground: Ground, *, own_draft: bool) -> Verdict:
    """The verdict on one claim: ok, contradicts a fact (with what the fact says), or unsupported (drafts only)."""
    kind = claim.kind
    if claim.unpaired:  # which subject the number is said of is not known
        return Verdict(claim, "unsupported") if own_draft else Verdict(claim, "ok")
    if kind == "year" or (kind in ("legal", "contact", "ordinal") and not own_draft):
        return Verdict(claim, "ok")
    if kind == "legal":
        return _legal(claim, ground)
    if kind == "contact":
        return _contact(claim, ground)
    if kind == "ordinal":
        return _ordinal(claim, ground)
    if kind == "date":
        return _date(claim, ground) if own_draft else Verdict(claim, "ok")
    if kind == "approx" and claim.low is not None and claim.low == claim.high == 0 and claim.quantity:
        return _table(claim, ground, own_draft=own_draft)
    if kind == "count" and claim.quantity:
        return _table(claim, ground, own_draft=own_draft)
    if kind == "sum":
        expected = part_value(ground.report, None, claim.parts)
        if expected is not None:
            if abs(expected - float(claim.value or 0)) < 1e-6:
                return Verdict(claim, "ok")
            return Verdict(claim, "contradicts", expected, " + ".join(where(p) for p in claim.parts))
    if kind in ("rate", "share") and claim.value is not None:
        quantity, base = claim.quantity, claim.base
        if kind == "rate" and quantity is None and own_draft and claim.subject == "办结率":
            if _sourced(claim, ground).status == "ok":
                return Verdict(claim, "ok")  # another 办结率 the notes give (12345热线 …)
            quantity, base = "handled", "received"  # else a draft's 办结率 is the report's
        values = share(ground.report, quantity, claim.parts, base)
        if values:
            if _close(float(claim.value), values, _tolerance(claim)):
                return Verdict(claim, "ok")
            expected = values[-1] if quantity == "handled" else values[0]  # 办结率 of all applications to handle
            return Verdict(claim, "contradicts", round(expected, 1), "程序根据统计表计算")
    if kind == "approx" and claim.low is not None:
        values = share(ground.report, claim.quantity, claim.parts, claim.base)
        if values:
            if any(claim.low - 0.005 <= v / 100 <= claim.high + 0.005 for v in values):  # type: ignore[operator]
                return Verdict(claim, "ok")
            return Verdict(claim, "contradicts", f"{values[0]:.1f}%", "程序根据统计表计算")
        return Verdict(claim, "ok")
    if kind == "change":
        verdict = _change(claim, ground)
        if verdict is not None:
            return verdict
    if not own_draft:
        return Verdict(claim, "ok")
    return _sourced(claim, ground)


def _table(claim: Claim, ground: Ground, *, own_draft: bool) -> Verdict:
    if claim.last_year:  # compared with last year's report when there is one
        if ground.previous is None:
            return Verdict(claim, "ok")
        values = quantity_values(ground.previous, claim.quantity)  # type: ignore[arg-type]
        if not values or any(_fits(claim, v) for v in values):
            return Verdict(claim, "ok")
        return Verdict(claim, "contradicts", values[0], "上年报告" + where(claim.quantity), claim.quantity)  # type: ignore[arg-type]
    values = quantity_values(ground.report, claim.quantity)  # type: ignore[arg-type]
    if not values:
        return _sourced(claim, ground) if own_draft else Verdict(claim, "ok")
    if any(_fits(claim, v) for v in values):
        return Verdict(claim, "ok")
    return Verdict(claim, "contradicts", values[0], where(claim.quantity), claim.quantity)  # type: ignore[arg-type]


_AT_LEAST = ("逾", "超过", "不少于")
_NEARLY = ("近", "将近", "达近", "达到近")


def _fits(claim: Claim, actual: float) -> bool:
    """Whether the table's ``actual`` value is what the claim states: exactly, or within what its words allow —
    「N余」 from N up to the next step of its last digit (三千余: 3000–3999), 「逾N」 at least N, 「近N」 a little
    under N, 「约N」 within a tenth or half a step, a figure rounded to 万/亿 within one step of its last digit."""
    n = float(claim.value or 0)
    if not claim.approximate:
        return abs(actual - n) < 1e-6
    word, step = claim.approx_word, claim.step
    if word in ("余", "多"):
        return n <= actual < n + step
    if word in _AT_LEAST:
        return actual >= n
    if word in _NEARLY:
        return 0.85 * n <= actual <= n + step / 2
    if word:  # 约, 大约, 左右
        return abs(actual - n) <= max(0.1 * n, step / 2)
    return abs(actual - n) < step  # rounded: 21.53万 for 215346 (rounded or cut off)


def _change(claim: Claim, ground: Ground) -> Verdict | None:
    """A change on last year against the tables of both years, or against a derived change of the same subject."""
    if claim.quantity:
        found = change(ground.report, ground.previous, claim.quantity)
        if found is not None:
            delta, pct = found
            actual = "up" if delta > 0 else "down" if delta < 0 else "same"
            name = QUANTITIES[claim.quantity].name.removesuffix("数")
            said = f"{name}较上年实际{'增加' if delta > 0 else '减少' if delta < 0 else '持平'}{fmt(abs(delta))}件"
            said += f"（{'增长' if delta > 0 else '下降'}{abs(pct):.1f}%）" if pct is not None and delta else ""
            roughly = claim.direction == "same" and claim.approximate and pct is not None and abs(pct) <= 10
            if claim.direction and claim.direction != actual and not roughly:  # 基本持平: within a tenth
                return Verdict(claim, "contradicts", said, "程序根据两年统计表计算", claim.quantity)
            if claim.value is None:
                ok = True
            elif claim.unit == "%":
                ok = pct is not None and _close(float(claim.value or 0), [abs(pct)], _tolerance(claim))
            else:
                ok = abs(abs(delta) - float(claim.value or 0)) < 1e-6
            return Verdict(claim, "ok") if ok else Verdict(claim, "contradicts", said, "程序根据两年统计表计算")
    for fact in ground.facts:
        if fact.kind != "change" or not same_unit(fact.unit, claim.unit):
            continue
        if claim.quantity and fact.quantity and fact.quantity != claim.quantity:
            continue
        if abs(float(fact.value or 0) - float(claim.value or 0)) > (_tolerance(claim) if claim.unit == "%" else 1e-6):
            continue
        if claim.direction and fact.direction and claim.direction != fact.direction:
            return Verdict(claim, "contradicts", fact.clause, "程序计算的派生数据", claim.quantity)
        return Verdict(claim, "ok")
    return None


def _date(claim: Claim, ground: Ground) -> Verdict:
    y, m, d = claim.date  # type: ignore[misc]
    for fy, fm, fd in ground.dates:
        if fm == m and (d is None or fd is None or fd == d) and (y is None or fy is None or fy == y):
            return Verdict(claim, "ok")
    return Verdict(claim, "unsupported", source="工作素材或报告基本信息")


def _sourced(claim: Claim, ground: Ground) -> Verdict:
    """A draft's claim about something other than a table quantity: a fact with the same number and unit, of the
    same subject when the subject is known to the facts."""
    value = float(claim.value) if claim.value is not None else None
    if value is None:
        return Verdict(claim, "ok")
    if claim.numeral and (claim.unit not in _FIGURE_UNITS or value < 2):
        # 一个, 两级, 三个方面: words, not figures — unless the facts count the same thing otherwise (两场新闻发布会)
        other = _counted_otherwise(claim, value, ground) if value >= 2 else None
        return other or Verdict(claim, "ok")
    if claim.kind == "duration":
        if claim.unit in ("个工作日", "工作日") and value in _STATUTORY_DAYS:
            return Verdict(claim, "ok")
    if not claim.unit:
        return Verdict(claim, "ok") if value in ground.numbers or value in ground.cells else _unsupported(claim)
    same_unit_facts = [f for f in ground.facts if same_unit(f.unit, claim.unit) and f.kind not in _NOT_COUNTS]
    if claim.approximate:
        ok = any(abs(float(f.value) - value) <= 0.2 * value for f in same_unit_facts)  # type: ignore[arg-type]
        return Verdict(claim, "ok") if ok else _unsupported(claim)
    if claim.unit == "%" and value == 100 and _ON_TIME.search(claim.subject) and _ALL_ON_TIME.search(ground.text):
        return Verdict(claim, "ok")  # 按期答复率100%: the notes say every reply was within the time limit
    if claim.unit == "%":  # a percentage the facts give, of whatever kind
        percents = [float(f.value) for f in ground.facts if f.unit == "%"]  # type: ignore[arg-type]
        ok = _close(value, percents, _tolerance(claim))
        if not ok and claim.of is not None:  # 「行政许可结果152条，占主动公开信息的39.4%」: 152 of a fact in 条
            part, unit = claim.of
            wholes = [float(f.value) for f in ground.facts if same_unit(f.unit, unit) and f.value]  # type: ignore[arg-type]
            ok = _close(value, [part / w * 100 for w in wholes], _tolerance(claim))
        return Verdict(claim, "ok") if ok else _unsupported(claim)
    equal = [f for f in same_unit_facts if abs(float(f.value) - value) < 1e-6]  # type: ignore[arg-type]
    if any(overlap(f.subject, claim.subject) >= 2 for f in equal):
        return Verdict(claim, "ok")
    scores = [(overlap(f.subject, claim.subject), f) for f in same_unit_facts]
    if _SUM_WORD.search(claim.clause) and _sums_to(value, [f for score, f in scores if score >= 2]):
        return Verdict(claim, "ok")  # 「人大代表建议和政协委员提案共8件」: 5 + 3 in the notes
    other = _counted_otherwise(claim, value, ground)
    if other:
        return other
    if equal:
        return Verdict(claim, "ok")  # the number and unit are known; what they count is not named in the facts
    if claim.unit in ("件", "宗", "起", "件次", "万元") and value in ground.cells:
        return Verdict(claim, "ok")
    return _unsupported(claim)


def _counted_otherwise(claim: Claim, value: float, ground: Ground) -> Verdict | None:
    """A contradiction when the facts say how many of the claim's subject there are, and it is another number."""
    facts = [f for f in ground.facts if same_unit(f.unit, claim.unit) and f.kind not in _NOT_COUNTS]
    if any(abs(float(f.value) - value) < 1e-6 and overlap(f.subject, claim.subject) >= 2 for f in facts):  # type: ignore[arg-type]
        return None
    scores = [(overlap(f.subject, claim.subject), f) for f in facts]
    best = max((score for score, _ in scores), default=0)
    if best >= 3:
        fact = next(f for score, f in scores if score == best)
    else:  # 「行政许可结果」97条: the notes' 「行政许可结果」152条 names it, though it shares only 许可
        fact = next((f for _, f in scores if names(f.subject, claim.subject)), None)
        if fact is None:
            return None
    said = fact.clause.lstrip("-*•· ")
    return Verdict(claim, "contradicts", f"{fmt(fact.value)}{fact.unit}（{said}）", "工作素材")


_SUM_WORD = lazy_re.compile(r"共计|合计|总计|累计|共|两项|二者")


def _sums_to(value: float, facts: list[Claim]) -> bool:
    """True when two or three of ``facts`` add up to ``value``."""
    values = [float(f.value) for f in facts if f.value is not None][:12]  # type: ignore[arg-type]
    n = len(values)
    pairs = (values[i] + values[j] for i in range(n) for j in range(i + 1, n))
    triples = (values[i] + values[j] + values[k] for i in range(n) for j in range(i + 1, n) for k in range(j + 1, n))
    return any(abs(v - value) < 1e-6 for v in pairs) or any(abs(v - value) < 1e-6 for v in triples)


_ON_TIME = lazy_re.compile(r"按期|按时|及时|法定期限")
_ALL_ON_TIME = lazy_re.compile(r"(?:均|全部|都)在法定期限内|没有逾期|无逾期|未出现逾期")
_NOT_COUNTS = ("change", "ordinal", "rate", "share")


def _legal(claim: Claim, ground: Ground) -> Verdict:
    """A draft's legal reference: a document the report rests on or the notes cite, an article that exists."""
    keys = document_keys(normalise(claim.text))  # 〔２０２１〕３０号 as written
    if keys and not keys <= ground.documents:
        return Verdict(claim, "unsupported")
    problem = regulation_article_problem(claim.text, claim.sentence)
    return Verdict(claim, "contradicts", problem, "法规") if problem else Verdict(claim, "ok")


def _contact(claim: Claim, ground: Ground) -> Verdict:
    """A draft's contact data must be the report's (metadata) or the notes'."""
    text = normalise(claim.text).lower().replace(" ", "").rstrip("/.")  # ０１２３-… as written
    if "@" in text or text.startswith(("http", "www")) or "号" in text:
        return Verdict(claim, "ok") if text in ground.contacts else Verdict(claim, "unsupported")
    digits = re.sub(r"\D", "", text)
    if re.fullmatch(r"\d{5}", text):
        return Verdict(claim, "ok")  # a national hotline: 12345, 12315 …
    return Verdict(claim, "ok") if digits and digits in ground.contact_digits else Verdict(claim, "unsupported")


def _ordinal(claim: Claim, ground: Ground) -> Verdict:
    """第4场新闻发布会 needs at least 4 of them in the facts; 第二季度 must be in the notes; 第一时间 is a phrase."""
    if not claim.unit or claim.value is None:
        return Verdict(claim, "ok")
    value = float(claim.value)
    if any(f.kind == "ordinal" and f.value == value and f.unit == claim.unit for f in ground.facts):
        return Verdict(claim, "ok")
    if claim.unit in ("季度", "年", "届"):
        return Verdict(claim, "unsupported")
    counts = [f for f in ground.facts if f.kind not in _NOT_COUNTS and same_unit(f.unit, claim.unit) and f.value]
    scored = [(overlap(f.subject, claim.subject), f) for f in counts]
    best = max((score for score, _ in scored), default=0)
    if best < 2:
        return Verdict(claim, "unsupported")
    most = max(float(f.value) for score, f in scored if score == best)  # type: ignore[arg-type]
    if value <= most:
        return Verdict(claim, "ok")
    return Verdict(claim, "contradicts", f"全年共{fmt(most)}{claim.unit}", "工作素材")


def _unsupported(claim: Claim) -> Verdict:
    return Verdict(claim, "unsupported")


def check_text(text: str, ground: Ground, *, own_draft: bool) -> list[Verdict]:
    """Verdicts on every claim in ``text`` (one paragraph)."""
    return [check_claim(c, ground, own_draft=own_draft) for c in read_claims(text, year=ground.report.meta.year)]
