"""Claims made in words: 近九成, 绝大多数 (shares), 全部办结, 无结转, 未发生行政复议 (counts of 0), 均维持 (all of a
quantity), 与上年持平, 较上年有所下降 (changes without a number).

A negation is a count of 0 only of what it plainly denies: 「未发生行政复议」 is 行政复议 0, but 「未发生因依申请公开被
行政复议纠错或行政诉讼败诉」 is about results (结果纠正 0 of each), not about how many cases there were."""

from __future__ import annotations

import re

from app import lazy_re
from app.claims.claim import Claim
from app.claims.numbers import LOOK_BACK, chinese_number
from app.claims.quantities import RESULT_WORDS
from app.claims.subjects import (
    CLAUSE_BREAK,
    CORRECTED_WORDS,
    classify,
    natural_whole,
    part_name,
    phrase,
    proceeding,
    share_numerator,
    share_whole,
    sum_parts,
)
from schemas.registry import ASPECT_LABELS, LITIGATION, NATURAL_PERSON, ORGANISATION_COLUMNS, OUTCOME_NAMES, REVIEW

UP = lazy_re.compile(r"增加|增长|上升|提高|提升|增多|多出?")
DOWN = lazy_re.compile(r"减少|下降|降低|回落|减少了|少")
SAME = lazy_re.compile(r"持平")

# 近九成, 超过八成, 大半, 绝大多数 …: (low, high) as fractions
_APPROX_WORD = lazy_re.compile(
    r"(?P<near>近|将近|接近|超过|逾|不到|不足|约)?(?P<tenths>[一二三四五六七八九])成(?P<more>以上|多)?"
    r"|(?P<word>绝大多数|绝大部分|大多数|大部分|多数|大半|过半数?|逾半数?|超半数|一半以上|半数以上|超过一半|超过半数|近半数|近一半|半数)"
)
_WORD_RANGES = {
    "绝大多数": (0.8, 1.0),
    "绝大部分": (0.8, 1.0),
    "大多数": (0.5, 1.0),
    "多数": (0.5, 1.0),
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
_APPLICANT_LABELS = (
    ("natural_person", NATURAL_PERSON),
    *((c.id, c.label) for c in ORGANISATION_COLUMNS if c.id != "other_organization"),
)
# 全部 / 均 / 无 said of a table quantity: each is a count of 0 (nothing carried forward, no case …)
_ON_REQUEST = re.escape(ASPECT_LABELS["disclosure_on_request"])  # 依申请公开
_ALL_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        lazy_re.compile(
            r"申请[^。；，,]{0,20}?(?:已)?(?:全部|均已全部|均已|均)(?:按时|依法|按期)?(?:办结|办理完毕|答复完毕)"
        ),
        "carried_forward",
    ),
    (
        lazy_re.compile(r"申请[^。；]{0,20}?[，,]\s*(?:已)?(?:全部|均已全部|均已|均)(?:按时|依法|按期)?办结"),
        "carried_forward",
    ),
    # 「上年无结转申请」「无上年结转申请」: nothing carried over from last year
    (
        lazy_re.compile(r"上一?年度?(?:无|没有|未有)(?:申请)?结转(?!下|到下|至下)|(?:无|没有|未有)上一?年度?结转"),
        "carried_over",
    ),
    (
        lazy_re.compile(r"(?<!上年)(?<!上年度)(?<!上一年度)(?:无|没有|未有)(?:申请)?(?:结转|转入下一?年度|跨年度办理)"),
        "carried_forward",
    ),
    (
        lazy_re.compile(
            rf"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|{_ON_REQUEST}|信息公开)?申请(?!人|书|表)"
        ),
        "received",
    ),
    # 「全年未收到商业企业提出的申请」: none from one kind of applicant
    *(
        (
            lazy_re.compile(
                rf"(?:未|没有)(?:收到|受理|接到)(?:任何)?{re.escape(label)}(?:提出|提交|申请人)?的?"
                rf"(?:政府信息公开|{_ON_REQUEST}|信息公开)?申请(?!人|书|表)"
            ),
            key,
        )
        for key, label in _APPLICANT_LABELS
    ),
    (lazy_re.compile(rf"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{{0,16}}{re.escape(REVIEW)}"), "review"),
    (lazy_re.compile(rf"(?:未|没有)(?:发生|出现|产生|涉及)[^，。；]{{0,16}}{re.escape(LITIGATION)}"), "litigation"),
    # 「本年度无因政府信息公开引发的行政诉讼」「未有申请人申请行政复议」「没有提起行政诉讼」
    (lazy_re.compile(rf"(?:无|没有|未有)因[^，。；]{{0,16}}?(?:引发|引起|产生)的{re.escape(REVIEW)}"), "review"),
    (
        lazy_re.compile(rf"(?:无|没有|未有)因[^，。；]{{0,16}}?(?:引发|引起|产生)的{re.escape(LITIGATION)}"),
        "litigation",
    ),
    (lazy_re.compile(rf"(?:未有|没有|无|未)(?:申请人|当事人)?(?:申请|提起|提出)(?:了)?{re.escape(REVIEW)}"), "review"),
    (
        lazy_re.compile(rf"(?:未有|没有|无|未)(?:申请人|当事人)?(?:提起|提出)(?:了)?{re.escape(LITIGATION)}"),
        "litigation",
    ),
    # 均已审结: nothing pending
    (
        lazy_re.compile(r"(?<!诉讼)(?<!未经)复议[^。；，,诉]{0,10}?(?:均已|全部|均|都已?)(?:审结|结案|办结)"),
        "review_pending",
    ),
    (lazy_re.compile(r"(?:诉讼|起诉)[^。；，,]{0,10}?(?:均已|全部|均|都已?)(?:审结|结案)"), "litigation_pending"),
)
# 与上年持平, 与上年相同, 较上年没有变化: the same value as last year (基本持平 allows a small change)
_FLAT = lazy_re.compile(
    r"(?:与|和|同|较|比)(?:上一?年度?|去年)(?:同期)?(?:相比|比较)?[，,]?(?P<roughly>基本|大体|大致|总体)?"
    r"(?:持平|相同(?!的)|一致(?!的)|没有变化|无变化|未发生变化|没有发生变化|未有变化|保持不变|不变)"
)
# outcome words over 表四: 全部胜诉 (no 结果纠正 and none pending in 行政诉讼), 无败诉, 无一被纠错 (no 结果纠正)
_ALL_WON = lazy_re.compile(r"(?:全部|均|都|皆|全都)(?:已|获得?|取得)?胜诉|全胜")
_NONE_LOST = lazy_re.compile(r"(?:无|没有|未|未发生|未出现|零|无一)(?:案件)?败诉")
_NONE_CORRECTED = lazy_re.compile(
    rf"(?:无一|没有一?件?|未有|无|未|零)(?:发生|出现)?(?:案件)?(?:被)?(?:依法)?(?:{CORRECTED_WORDS})(?!率|的?措施|工作)"
)
# a negation and the proceedings it is about, up to the end of its clause: 「未发生因…被行政复议纠错或行政诉讼败诉」
_NEGATION = lazy_re.compile(r"(?:未|没有|无一?|未有)(?:发生|出现|产生|涉及)?")
_CLAUSE_END = lazy_re.compile(r"[，,。；;：:！!？?\n]")
_PROCEEDING = lazy_re.compile(r"(?<!未经)(?:行政)?复议(?!后)|(?:行政)?诉讼|起诉")
# a result said right after a proceeding: 纠错, 被撤销, 败诉 (not 复议后起诉 or a plain 案件)
_RESULT_AFTER = lazy_re.compile(rf"^(?:案件)?(?:中|的)?(?:结果)?(?:被|遭)?(?:依法)?(?:{CORRECTED_WORDS})")
# a count pattern's proceeding followed, before its clause ends, by a result: the clause is about that result
_RESULT_SAID = lazy_re.compile(rf"[^，,。；;：:！!？?\n]*?(?:{CORRECTED_WORDS})")

# 较上年有所下降: a direction without a number
_TREND = lazy_re.compile(
    r"(?:较|比|与)(?:上一?年度?|去年)(?:相比)?[，,]?(?:有所|略有|明显|大幅|稍有|进一步)?(增加|增长|上升|提高|下降|减少|回落|降低)(?![\d零〇一二两三四五六七八九十百千]|了\d)"
)
_DIGIT_AFTER = lazy_re.compile(r"\s*[（(]?\s*均为\s*\d")
# 均维持, 均予以公开: one quantity is all of another
_ALL_OF: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        lazy_re.compile(rf"(?:{REVIEW}|复议)[^。；，,]{{0,10}}?(?:均|全部|都)(?:被|已|予以)?维持"),
        "review_upheld",
        "review",
    ),
    (
        lazy_re.compile(rf"(?:{LITIGATION}|诉讼)[^。；，,]{{0,10}}?(?:均|全部|都)(?:被|已|予以)?维持"),
        "litigation_upheld",
        "litigation",
    ),
    (
        lazy_re.compile(rf"申请[^。；，,]{{0,10}}?(?:均|全部|都)(?:已)?{OUTCOME_NAMES['disclosed']}"),
        "disclosed",
        "handled",
    ),
)
_LAST_YEARS_OWN = lazy_re.compile(r"结转|上年|去年")
# 「行政诉讼2件，均为未经复议直接起诉」: one part of a quantity said to be all of it
_ALL_ARE = lazy_re.compile(r"(?:均|全部|都|皆)(?:为|是|系|属于?|来自)(?![\d零〇一二两三四五六七八九十百])")
_PART_TRAIL = lazy_re.compile(r"(?:案件|申请|提出|提起|类|的)+$")


def _whole_of(part: str) -> str | None:
    """The quantity ``part`` is a part of: 直接起诉 of 行政诉讼, 结果维持 of its proceeding, 自然人 of 收到申请."""
    if part in ("litigation_direct", "litigation_after_review"):
        return "litigation"
    for proceeding_ in ("review", "litigation"):
        if part.startswith(proceeding_ + "_"):
            return proceeding_
    return natural_whole(part, ())


def _part_named(text: str, whole: str | None) -> str | None:
    """The part of ``whole`` that ``text`` (the words after 均为) names, or None."""
    text = _PART_TRAIL.sub("", text.strip())
    if whole in ("review", "litigation"):
        for col, word in RESULT_WORDS.items():
            if text.endswith(word) or text.startswith(word):
                return f"{whole}_{col}"
    return part_name(text)


def _all_are(sentence: str, offset: int, numbers: list[Claim]) -> list[Claim]:
    """「行政诉讼2件，均为未经复议直接起诉」「收到申请59件，全部为自然人申请」: the part is all of the whole."""
    out: list[Claim] = []
    for m in _ALL_ARE.finditer(sentence):
        after = CLAUSE_BREAK.search(sentence, m.end())
        right = sentence[m.end() : after.start() if after else len(sentence)]
        before = [c for c in numbers if c.span[0] - offset < m.start() and c.kind == "count" and c.quantity]
        counted = before[-1].quantity if before else None
        if sum_parts(_PART_TRAIL.sub("", right.strip())):
            continue  # 「申请人均为自然人和法人或其他组织」: all of them together, which says nothing
        named = proceeding(sentence[: m.start()], None)  # 「行政复议案件均为维持」: no number, the proceeding named
        part = _part_named(right, counted or (named if named in ("review", "litigation") else None))
        whole = _whole_of(part) if part else None
        if part is None or whole is None or (counted is not None and counted != whole):
            continue  # 「上年结转3件，均为自然人」: a part of no quantity the tables hold
        said = (before[-1].clause + "，" if before else "") + m.group(0) + right
        at = (offset + m.start(), offset + m.end() + len(right))
        out.append(
            Claim(None, "", "", "approx", at, sentence, m.group(0) + right, said, part, base=whole, low=1.0, high=1.0)
        )
    return out


def _negated_results(sentence: str) -> list[tuple[re.Match[str], tuple[str, ...]]]:
    """「未发生因依申请公开被行政复议纠错或行政诉讼败诉的情况」: each proceeding named with a result after a negation
    is a count of 0 of that proceeding's 结果纠正 (a proceeding named without one says nothing here)."""
    found: list[tuple[re.Match[str], tuple[str, ...]]] = []
    for m in _NEGATION.finditer(sentence):
        # the clause after the negation, within LOOK_BACK characters (a sentence of many 未 stays linear)
        end = _CLAUSE_END.search(sentence, m.end(), m.end() + LOOK_BACK)
        stop = end.start() if end else min(len(sentence), m.end() + LOOK_BACK)
        named = list(_PROCEEDING.finditer(sentence, m.end(), stop))
        for i, p in enumerate(named):
            until = named[i + 1].start() if i + 1 < len(named) else stop
            result = _RESULT_AFTER.match(sentence[p.end() : until])
            if result:
                key = "review_corrected" if p.group(0).endswith("复议") else "litigation_corrected"
                said = sentence[m.start() : p.end() + result.end()]  # 「未有行政复议被纠错」, as the finding quotes it
                found.append((re.compile(re.escape(said)).match(sentence, m.start()), (key,)))  # type: ignore[arg-type]
    return found


def _outcome_words(sentence: str, offset: int) -> list[Claim]:
    """全部胜诉, 无败诉, 无一被纠错: counts of 0 of 表四's columns, of the proceeding the sentence names."""
    out: list[Claim] = []
    found: list[tuple[re.Match[str], tuple[str, ...]]] = []
    for m in _ALL_WON.finditer(sentence):
        found.append((m, ("litigation_corrected", "litigation_pending")))
    for m in _NONE_LOST.finditer(sentence):
        found.append((m, ("litigation_corrected",)))
    for m in _NONE_CORRECTED.finditer(sentence):
        before = sentence[: m.start()]
        review, litigation = "复议" in before, bool(re.search(r"诉讼|起诉", before))
        if not review and not litigation:
            continue  # 无纠正 of something else (问题, 整改)
        found.append((m, (("review_corrected",) if review else ()) + (("litigation_corrected",) if litigation else ())))
    said = {key for _, keys in found for key in keys}
    found += [(m, keys) for m, keys in _negated_results(sentence) if not set(keys) <= said]
    for m, keys in found:
        for key in keys:
            at = (offset + m.start(), offset + m.end())
            out.append(Claim(0, "件", "", "approx", at, sentence, m.group(0), m.group(0), key, low=0, high=0))
    return out


def word_claims(sentence: str, offset: int, numbers: list[Claim]) -> list[Claim]:
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
        numerator, parts = share_numerator(ctx, right, "applications", counted)
        if numerator is None and not parts:  # 「六成以上的申请予以公开或部分公开」「逾半数申请来自商业企业」
            told = re.sub(r"^[的之]?(?:申请|案件)?", "", right)
            parts = sum_parts(told)
            numerator = None if parts else classify(right, "", "件", "applications") or part_name(told)
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
                base=share_whole(ctx) or natural_whole(numerator, parts),
                low=low,
                high=high,
            )
        )
    for m in _FLAT.finditer(sentence):
        if _DIGIT_AFTER.match(sentence, m.end()):
            continue  # 「与上年持平（均为59件）」: the number is read as a claim of its own
        out.append(_direction(sentence, offset, numbers, m, "same", by_part=True, approximate=bool(m.group("roughly"))))
    for m in _TREND.finditer(sentence):
        out.append(_direction(sentence, offset, numbers, m, "up" if UP.search(m.group(1)) else "down"))
    out += _all_are(sentence, offset, numbers)
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
    out += _outcome_words(sentence, offset)
    for pattern, quantity in _ALL_WORDS:
        for m in pattern.finditer(sentence):
            if quantity == "carried_forward" and "无" not in m.group(0) and "没有" not in m.group(0):
                if _LAST_YEARS_OWN.search(sentence[max(0, m.start() - 8) : m.end()]):
                    continue  # 「上年结转申请1件，已全部办结」 is about last year's, not about what is left over
            if quantity in ("review", "litigation") and _RESULT_SAID.match(sentence, m.end()):
                continue  # 「未发生…被行政复议纠错」: about a result of the cases, not about how many there were
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


def _direction(
    sentence: str,
    offset: int,
    numbers: list[Claim],
    m: re.Match[str],
    direction: str,
    *,
    by_part: bool = False,
    approximate: bool = False,
) -> Claim:
    """A change on last year said without a number (有所增加, 与上年持平), of the quantity its clause names or,
    failing that, of the last quantity counted before it."""
    clause_starts = [x.end() for x in CLAUSE_BREAK.finditer(sentence, 0, m.start())]
    ctx = sentence[clause_starts[-1] if clause_starts else 0 : m.start()]
    before = [c for c in numbers if c.span[0] - offset < m.start() and c.quantity]
    named = classify(ctx, "", "件", proceeding(ctx, "applications" if "申请" in sentence else None))
    if by_part:
        named = named or part_name(ctx)
    return Claim(
        None,
        "",
        "",
        "change",
        (offset + m.start(), offset + m.end()),
        sentence,
        m.group(0),
        clause=(ctx + m.group(0)).strip(),
        quantity=named or (before[-1].quantity if before else None),
        direction=direction,
        approximate=approximate,
    )
