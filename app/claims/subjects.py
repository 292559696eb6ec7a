"""What a number counts: the table quantity a clause names, the nearest quantity phrase for anything else, and
what a share, rate or change is of.

A table quantity is read from the words before the number in its clause (and, for 结转, just after it), with the
proceeding (申请, 行政复议, 行政诉讼) carried from earlier clauses of the sentence: 「其中结果维持2件」 after
「行政复议4件」 is 行政复议's 结果维持.
"""

from __future__ import annotations

import re

from app import lazy_re
from app.claims.claim import Claim
from app.claims.quantities import (
    APPLICANT_KEYS,
    DECISION_ROWS,
    DETAIL_NAMES,
    DOCUMENTS,
    FEES,
    OUTCOME_KEYS,
    PART_NAMES,
    RESULT_WORDS,
    TABLE2,
)
from schemas.registry import (
    ASPECT_LABELS,
    LITIGATION,
    LITIGATION_AFTER_REVIEW,
    LITIGATION_DIRECT,
    NATURAL_PERSON,
    ORGANISATION_COLUMNS,
    ORGANISATIONS,
    OUTCOME_NAMES,
    RESULT_COLUMNS,
    REVIEW,
)

_REVIEW = lazy_re.compile(re.escape(REVIEW))
_LITIGATION = lazy_re.compile(r"诉讼|起诉")  # 行政诉讼, 诉讼, 起诉
_APPLICATION = lazy_re.compile(r"申请")
APPROX_BEFORE = lazy_re.compile(r"(约|近|超过|逾|大约|将近|不少于|达到?近)\s*$")
CLAUSE_BREAK = lazy_re.compile(r"[，,。；;：:（()）、？?！!\n]")
YEAR_IN_CLAUSE = lazy_re.compile(r"(20\d\d)\s*年")

_CARRIED_OVER = lazy_re.compile(r"上一?年度?结转|结转上一?年度?|上年度?遗留")
_CARRIED_FORWARD = lazy_re.compile(
    r"结转(?:到|至|入)?下一?年度?|顺延(?:到|至)?下一?年度?|转入下一?年度?|跨年度?办理|结转(?:到|至)?\s*20\d\d\s*年"
)
# "收到政府信息公开申请" / "收到依申请公开请求" / "收到申请": not "受理不动产登记申请" or "行政许可申请"
_ON_REQUEST = re.escape(ASPECT_LABELS["disclosure_on_request"])  # 依申请公开
_RECEIVED = lazy_re.compile(
    r"(?:新收|收到|受理|接收|接到|新增)(?:[^，。；]{0,6}?)(?:政府信息公开|信息公开|公开)申请(?!人)|"
    + _ON_REQUEST
    + r"(?![^，。；]{0,4}答复)"  # 「依申请公开答复9件」 counts replies, not applications received
    + r"|(?:新收|收到|受理|接收|接到)(?:各类)?申请(?!人)|申请[^，。；]{0,8}(?:新收|收到|受理)"
    + r"|(?:本年度?|全年|今年)新收\s*$"  # 「上年无结转，本年新收59件」: the table's own words
)
# what is done on the way to a reply (征求第三方意见, 发出收费通知) is not the reply's outcome
_NOT_AN_OUTCOME = lazy_re.compile(r"征求|征询|发出|送达|告知书")
# 答复 alone is 办结 (「受理申请3119件，答复3050件」); a reply of one kind (「同意公开答复9件」) is that outcome, found
# before this
_HANDLED = lazy_re.compile(r"办结|答复|办理完毕|处理完毕")
# 同意公开 is 予以公开 (not 不同意公开; 同意部分公开 is 部分公开, found before it)
_AGREED = lazy_re.compile(r"(?<!不)同意(?:予以)?公开")
_THIRD_PARTY = lazy_re.compile(
    r"第三方|权利人|征求|征询"
)  # 「第三方同意公开的2件」: a third party's consent, not a reply
# a part of the applications (by channel, by timing), not a table quantity
SUBSET = lazy_re.compile(r"当场|延期|逾期|平均|网上|信函|当面|现场|邮寄|传真|电子邮件|电话|平台|窗口|其中按")
_LEGAL_PROCEEDINGS = lazy_re.compile(r"复议|诉讼|起诉")
_REGULATION_VERB = lazy_re.compile(r"制发|出台|印发|制定|新增|发布|公开|新制作")
_DOC_EXCLUDE = lazy_re.compile(r"清理|审查|审核|备案|解读|征求|评估|政策性")
_DECISION = lazy_re.compile(r"决定|办件|作出|办理|处理")
_ITEMS = lazy_re.compile(r"事项|项目|清单|信息|公示")
DELTA = lazy_re.compile(r"增加|减少|增长|下降|上升|同比|环比|较上|比上|较去|比去|持平|增幅|降幅")


# the rows 逾期不补正 and 逾期未按收费通知 are no 逾期 subset of the applications
_OVERDUE_ROWS = lazy_re.compile(r"逾期(?:不补正|未补正|未按收费通知|未缴纳|未缴费)")


def _applications(ctx: str, right: str) -> str | None:
    if _LEGAL_PROCEEDINGS.search(ctx) or SUBSET.search(_OVERDUE_ROWS.sub("", ctx)):
        return None
    if _CARRIED_OVER.search(ctx):
        return "carried_over"
    if _CARRIED_FORWARD.search(ctx) or _CARRIED_FORWARD.search(right):
        return "carried_forward"
    for word, key in DETAIL_NAMES:  # 「涉及第三方权益的2件」: one row of an outcome, before the outcome itself
        if word in ctx and not _NOT_AN_OUTCOME.search(ctx):
            return key
    for key, word in OUTCOME_NAMES.items():
        if word in ctx:
            return key
    if "未予公开" in ctx:
        return "withheld"
    if _AGREED.search(ctx) and not _THIRD_PARTY.search(ctx):
        return "disclosed"
    if NATURAL_PERSON in ctx:
        return "natural_person"
    if re.search(r"法人(?:或|和)其他组织", ctx):
        return "organisations"
    if _RECEIVED.search(ctx):
        return "received"
    return None


def _result_after_proceeding(ctx: str, subject: str | None) -> str | None:
    """「行政诉讼结果维持1件」: a result named after its proceeding is that proceeding's result, not its total."""
    which = proceeding(ctx, subject)
    if which not in ("review", "litigation"):
        return None
    named = max(ctx.rfind(REVIEW), ctx.rfind("诉讼"), ctx.rfind("起诉"))
    for col, word in RESULT_WORDS.items():
        at = ctx.rfind(word)
        if at > named >= 0:
            return f"{which}_{col}"
    return None


def classify(ctx: str, right: str, unit: str, subject: str | None) -> str | None:
    """The quantity a clause names, from the words before the number (``ctx``) and just after it."""
    if DELTA.search(ctx):
        return None  # a change on last year, not the quantity itself
    if unit == "万元":
        return "fees" if FEES in ctx else None
    q = _applications(ctx, right)
    if q:
        return q
    named = _result_after_proceeding(ctx, subject)
    if named:
        return named
    if LITIGATION_DIRECT in ctx:
        return "litigation_direct"
    if LITIGATION_AFTER_REVIEW in ctx:
        return "litigation_after_review"
    if _REVIEW.search(ctx) and not _LITIGATION.search(ctx):
        return "review"
    if LITIGATION in ctx:
        return "litigation"
    for col, word in RESULT_WORDS.items():
        if word in ctx and subject in ("review", "litigation"):
            return f"{subject}_{col}"
    if _HANDLED.search(ctx) and subject == "applications" and not SUBSET.search(ctx):
        return "handled"
    for rid, word in DOCUMENTS:
        if word not in ctx or _DOC_EXCLUDE.search(ctx) or (rid == "regulations" and "规章制度" in ctx):
            continue
        if "现行有效" in ctx or "总数" in ctx:
            return f"{rid}_in_force"
        if "废止" in ctx or "失效" in ctx:
            return f"{rid}_repealed"
        if _REGULATION_VERB.search(ctx):
            return f"{rid}_issued"
    if unit in ("件", "宗") and not _ITEMS.search(ctx) and _DECISION.search(ctx):
        for key, rid in DECISION_ROWS:
            if TABLE2.row(rid).label in ctx:
                return key
    return None


def proceeding(clause: str, subject: str | None) -> str | None:
    if LITIGATION_AFTER_REVIEW in clause or "未经复议" in clause or _LITIGATION.search(clause):
        return "litigation"
    if _REVIEW.search(clause):
        return "review"
    if _APPLICATION.search(clause):
        return "applications"
    return subject


# ---------------------------------------------------------------- the nearest quantity phrase

# words around a noun that are not what it counts: verbs, measure words, fillers
_LEAD = lazy_re.compile(
    r"^(?:[其中另外此外全年本年度本年今年共计合计总计累计共计一并分别先后全县全市全区我局本局本单位各级]+)?"
    r"(?:组织|召开|举办|开展|发布|推送|印发|制发|出台|公开|设置|设立|设|开设|新开设|开通|建成|建立|编制|收到|受理|"
    r"办理|答复|作出|完成|承办|更新|参加|参训|培训|接待|处理|回应|清理|废止|审查|报送|上报|录入|新增|新建|"
    r"制作|配发|撰写|编发|形成|整理|归集|征集|接听|解答|举行|播出|刊发|转载|有|为|达|达到|是|了|等)+"
)
_TRAIL = lazy_re.compile(r"(?:共计|合计|总计|累计|共|计|达到|达|为|是|约|近|超过|逾|等|数量|数|总数|的|了|各)+$")
_NOUN = lazy_re.compile(r"[\u4e00-\u9fff“”「」A-Za-z]+$")
_RIGHT_NOUN = lazy_re.compile(r"^[\u4e00-\u9fff“”「」A-Za-z]{1,12}")


# verbs inside a clause that put a thing somewhere: what follows is the thing (办事大厅设「查阅点」)
_PLACING = lazy_re.compile(r"设置|设立|新开设|开设|设|召开|举办|开展|组织|配发|推送|发布|印发|制发|建成|建立|开通|新增")


def _after_verb(noun: str) -> str:
    ended = re.sub(rf"(?:{_PLACING.pattern})+$", "", noun)
    if len(ended) >= 2 and ended != noun:
        return _after_verb(ended)  # 「新闻发布会召开」两场: the thing comes before its verb
    for m in reversed(list(_PLACING.finditer(noun))):
        if len(noun) - m.end() >= 2:
            return noun[m.end() :]
    return noun


def phrase(before: str, after: str) -> str:
    """The quantity phrase nearest a number: the noun before it (「查阅点」3个), else the noun after its unit
    (3场「新闻发布会」)."""
    left = _TRAIL.sub("", before.rstrip())
    m = _NOUN.search(left)
    noun = m.group(0)[-12:] if m else ""
    noun = _after_verb(_LEAD.sub("", noun)) if noun else ""
    if len(noun) >= 2:
        return noun.strip("“”「」")
    m = _RIGHT_NOUN.match(after.lstrip())
    if m:
        return _LEAD.sub("", m.group(0)).strip("“”「」") or m.group(0)
    return noun


# words too general to tell what is counted (主动公开政府信息 and 推送信息 count different things)
_GENERAL = lazy_re.compile(
    r"政务公开|政府信息公开|信息公开|政府信息|信息|申请|政府|情况|工作|内容|事项|相关|全年|本年度?|今年|共|各类|行政|结果"
)


def overlap(a: str, b: str) -> int:
    """How much two quantity phrases share, general words left out: the longest common run of characters
    (「查阅点」 and 「政府信息公开查阅点」 share 3; 「主动公开政府信息」 and 「推送信息」 share nothing)."""
    a, b = _GENERAL.sub("|", a), _GENERAL.sub("|", b)
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if "|" in a[i:j] or a[i:j] not in b:
                break
            best = j - i
    return best


def names(fact: str, claim: str) -> bool:
    """True when every word of quantity phrase ``fact``, general words left out, is in ``claim`` (「行政许可结果」
    names 「公开行政许可结果」; 「行政处罚结果」 does not)."""
    words = [w for w in _GENERAL.sub("|", fact).split("|") if w]
    return sum(map(len, words)) >= 2 and all(w in claim for w in words)


_DISCLOSED_PLAIN = lazy_re.compile(r"(?:^|得到|获得|同意|已|均|全部|被)公开$")
_PART_SPLIT = lazy_re.compile(r"和|及|与|以及|、|加上|\+|或")


_PROCEEDING_WORD = lazy_re.compile(r"(?:行政)?(?:复议|诉讼)(?:案件)?(?:中|里|的)?(?:结果)?")
_RESULT_TRIM = lazy_re.compile(r"^(?:结果|被|予以|依法)+|(?:结果|的|案件|决定)+$")
# 表四's result columns as a sum names them: 维持, 纠正, 其他 (结果), (尚)未审结
_RESULT_NAMES = {w: c for c, w in RESULT_WORDS.items()} | {_RESULT_TRIM.sub("", c.label): c.id for c in RESULT_COLUMNS}


def _result_parts(text: str, proc: str | None) -> tuple[str, ...]:
    """「维持和纠正的复议案件」「行政诉讼结果维持、纠正及其他结果」: 表四's result columns of one proceeding."""
    review, litigation = "复议" in text, bool(_LITIGATION.search(text))
    if review and litigation:
        return ()
    which = "review" if review else "litigation" if litigation else proc
    if which not in ("review", "litigation"):
        return ()
    pieces = [_RESULT_TRIM.sub("", p) for p in _PART_SPLIT.split(_PROCEEDING_WORD.sub("", text))]
    if len(pieces) < 2:
        return ()
    keys = [f"{which}_{_RESULT_NAMES[p]}" if p in _RESULT_NAMES else "" for p in pieces]
    return tuple(keys) if all(keys) and len(set(keys)) == len(keys) else ()


# what stands between the parts a sum names and its number: 「予以公开及部分公开答复」38件, 「…的有」, 「…共提出申请」
_SUM_TAIL = lazy_re.compile(
    r"(?:共计|合计|总计|累计|共|计|达到|达|为|是|有|的|了|答复|提出|提交|作出|办理|发生|申请|案件|决定|件数|数量|数"
    r"|[两二三四]\s*[项者类种])+$"
)


def sum_parts(before: str, proc: str | None = None) -> tuple[str, ...]:
    """The table quantities a sum names (「予以公开和部分公开」 → disclosed, partially_disclosed; 「维持和纠正的复议
    案件」 → review_upheld, review_corrected; a result alone is of ``proc``, the proceeding said before), or ()."""
    text = _TRAIL.sub("", before.rstrip())
    results = _result_parts(re.sub(r"^(?:其中|另外|此外)", "", text), proc)
    if results:
        return results
    text = _SUM_TAIL.sub("", text).replace(ORGANISATIONS, "\0")
    pieces = [p.replace("\0", ORGANISATIONS) for p in _PART_SPLIT.split(text)]
    if len(pieces) < 2:
        return ()
    keys: list[str] = []
    for piece in pieces:
        piece = re.sub(r"(?:决定|案件|申请|件数|的)$", "", piece)
        key = next((k for name, k in PART_NAMES if piece.endswith(name)), None)
        if key is None and _DISCLOSED_PLAIN.search(piece):
            key = "disclosed"  # 「得到公开或部分公开」: 公开 said beside 部分公开 is 予以公开
        if key is None:
            return () if keys else ()
        keys.append(key)
    return tuple(keys) if len(set(keys)) == len(keys) else ()


# ---------------------------------------------------------------- what a share, rate or change is of

_DISCLOSED_RATE = OUTCOME_NAMES["disclosed"] + "率"  # 予以公开率
RATE_NAMES = ("办结率", "纠错率", "纠正率", "败诉率", "维持率", _DISCLOSED_RATE)  # the rates code computes


def rate_quantities(name: str, proc: str | None) -> tuple[str | None, str | None]:
    """(what a rate counts, what it is a rate of): 办结率 = 办结 ÷ 收到申请; 纠错率 (败诉率) = 结果纠正 ÷ 行政复议
    (or 诉讼); 维持率 = 结果维持 ÷ the proceeding; 予以公开率 = 予以公开 ÷ 办结."""
    if name == "办结率":
        return "handled", "received"
    if name == _DISCLOSED_RATE and proc in ("applications", None):
        return "disclosed", "handled"
    if name in ("纠错率", "纠正率", "败诉率") and proc in ("review", "litigation"):
        return f"{proc}_corrected", proc
    if name == "维持率" and proc in ("review", "litigation"):
        return f"{proc}_upheld", proc
    return None, None


DELTA_CUT = lazy_re.compile(r"(?:较|比|与|同)于?(?:上一?年度?|去年|20\d\d年)|同比|环比")


def share_whole(ctx: str) -> str | None:
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


def natural_whole(numerator: str | None, parts: tuple[str, ...]) -> str | None:
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


def share_numerator(
    ctx: str, right: str, proc: str | None, counted: Claim | None
) -> tuple[str | None, tuple[str, ...]]:
    """What a share is a share of: named before 占 (「自然人申请占…」, 「予以公开和部分公开合计占…」), else the
    sentence's last quantity."""
    cut = ctx.split("占")[0] if "占" in ctx else ""
    if cut.strip():
        parts = sum_parts(cut)
        if parts:
            return None, parts
        named = part_name(cut) or classify(cut, right, "件", proceeding(cut, proc))
        if named:
            return named, ()
    return (counted.quantity, counted.parts) if counted else (None, ())


# 「其他」 is the applicant column only when it names who applied (「其他申请人」「其他组织申请」), not 「其他原因」
# or 「告知…向其他机关申请」
_OTHER = next(c.label for c in ORGANISATION_COLUMNS if c.id == "other_organization")
_NAMED = lazy_re.compile("|".join(c.label for c in ORGANISATION_COLUMNS if c.label != _OTHER))
_OTHER_APPLICANT = lazy_re.compile(
    rf"(?<!或){_OTHER}(?:申请人|类型|类|主体|组织|单位)?(?:[^机原情方]{{0,4}})?(?:申请|提出)"
)
# 「新收申请1,846件来自自然人」: who applied, said after the number
_FROM_APPLICANT = lazy_re.compile(
    rf"^\s*(?:均|全部)?(?:来自|系|由)\s*({NATURAL_PERSON}|{ORGANISATIONS}|{_NAMED.pattern})"
)


def applicant_after(right: str) -> str | None:
    """The applicant column a number of applications is said to come from after it, or None."""
    m = _FROM_APPLICANT.match(right)
    if not m:
        return None
    word = m.group(1)
    if word == NATURAL_PERSON:
        return "natural_person"
    if word == ORGANISATIONS:
        return "organisations"
    return next(c.id for c in ORGANISATION_COLUMNS if c.label == word)


def applicant_kind(ctx: str) -> str | None:
    """「商业企业提出申请十五件」: the applications of one kind of organisation (表三's column)."""
    if "申请" not in ctx or SUBSET.search(ctx) or DELTA.search(ctx):
        return None
    named = _NAMED.search(ctx)
    if named:
        return next(c.id for c in ORGANISATION_COLUMNS if c.label == named.group(0))
    return "other_organization" if _OTHER_APPLICANT.search(ctx) else None


def part_name(text: str) -> str | None:
    text = re.sub(r"(?:合计|共计|总计|申请|决定|案件|的|数|约|近|将近|大约)+$", "", text.strip())
    return next((key for name, key in PART_NAMES if text.endswith(name)), None)


def change_subject(ctx: str, right: str, proc: str | None, counted: Claim | None) -> str | None:
    """The quantity a change is of: named before 较上年 (「收到申请较上年减少9件」), else the sentence's last one."""
    cut = DELTA_CUT.split(ctx)[0] if DELTA_CUT.search(ctx) else ""
    if not cut.strip():  # 「与上年相比，行政许可决定增加347件」: named before the verb of the change
        cut = _CHANGE_VERB.sub("", ctx) if _CHANGE_VERB.search(ctx) and not DELTA_CUT.search(ctx) else ""
    if cut.strip():
        q = classify(cut, right, "件", proceeding(cut, proc))
        if q:
            return q
    return counted.quantity if counted else None


_CHANGE_VERB = lazy_re.compile(r"(?:有所|略有|明显|大幅)?(?:增加|减少|增长|下降|上升|增多|减少了|增加了)$")


# 纠错, 败诉, 被纠正, 撤销 of a proceeding: 表四's 结果纠正 of it, never the proceeding's total
# the results of a review or a lawsuit that are 表四's 结果纠正 (one list: the claim readers build on it)
CORRECTED_WORDS = "纠错|纠正|败诉|撤销|确认违法|变更"
_CORRECTED = lazy_re.compile(CORRECTED_WORDS)
_CORRECTED_SHARED = lazy_re.compile(rf"(?:{CORRECTED_WORDS})的")
_PROCEEDINGS = ("review", "litigation", "litigation_direct", "litigation_after_review")


def corrected(quantity: str | None, ctx: str, wide: str) -> str | None:
    """「行政复议被纠错17件」「被纠错的行政复议案件17件、行政诉讼案件4件」: the proceeding's 结果纠正."""
    if quantity in _PROCEEDINGS and (_CORRECTED.search(ctx) or _CORRECTED_SHARED.search(wide)):
        return f"{quantity}_corrected"
    return quantity


# what a number is counted within: 「复议后起诉的13件中，」「在…案件中，」, 「直接起诉案件中结果纠正3件」
_FRAME_BEFORE = lazy_re.compile(r"(?:^|[，,。；;：:])([^，,。；;：:]*?[^其集])中\s*[，,]")
_FRAME_INSIDE = lazy_re.compile(r"^(.*?(?:案件|申请|诉讼|复议|起诉))中")
_RESULT_IDS = tuple(c.id for c in RESULT_COLUMNS)


def frame(before: str, ctx: str, counted: Claim | None) -> str | None:
    """The quantity a number is counted within (``before``: the sentence before its clause; ``counted``: the
    count said before 「其中」), or None."""
    text = None
    inside = _FRAME_INSIDE.search(ctx)
    if inside:
        text = inside.group(1)
    elif re.match(r"\s*其中", ctx):
        return counted.quantity if counted is not None else None
    else:
        found = list(_FRAME_BEFORE.finditer(before))
        text = found[-1].group(1) if found else None
    if not text:
        return None
    text = re.sub(r"\d[\d,]*\s*件", "", text)
    if "直接起诉" in text:
        return "litigation_direct"
    return classify(text, "", "件", proceeding(text, None)) or applicant_kind(text + "申请")


def within(inner: str | None, outer: str | None) -> str | None:
    """A quantity counted within another: narrowed to it (复议后起诉's 结果维持), kept when it is a part of it
    (自然人 of 收到申请, 结果维持 of 行政复议), else None (自然人 among 予以公开 is no table cell the reader knows)."""
    if not inner or not outer or inner == outer or inner.startswith(outer + "_"):
        return inner
    if outer in ("litigation_direct", "litigation_after_review"):
        col = inner.removeprefix("litigation_")
        return f"{outer}_{col}" if col in _RESULT_IDS else None
    if outer == "received" and inner in APPLICANT_KEYS:
        return inner
    if outer == "handled" and (inner in OUTCOME_KEYS or any(inner == k for _, k in DETAIL_NAMES)):
        return inner
    return None
