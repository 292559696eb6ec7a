"""五、存在的主要问题及改进情况 from the clerk's notes (pure): this year's problems, one measure for each in the
same order, and what was done about the problems last year's report listed.

Measures are read from the 「改进措施」 notes and from beside their problem in the 「存在的问题」 notes
(「…；措施：…」, 「问题：… 措施：…」, 「…——…」). A problem without a measure gets a placeholder naming it, never
a stock sentence: a measure that answers nothing is what a reviewer sends back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.drafting.enumeration import enumerate_items, split_items
from app.drafting.facts import Facts, group_total
from app.drafting.notes import clean_note_text
from schemas.agency import SELF_WORDS, signing_name
from schemas.agency import self_name as agency_self_name
from schemas.registry import TOTAL, cell_key
from schemas.report import Report

PROBLEMS_PLACEHOLDER = "【待补充：本年度存在的主要问题】"
MEASURES_PLACEHOLDER = "【待补充：针对本年度存在问题的改进措施】"
RECTIFICATION_PLACEHOLDER = "【待补充：上年度报告所列问题的整改情况】"
RESULT_PLACEHOLDER = "【待补充：整改措施和结果】"

# a measure written beside its problem: 「措施：…」 after a break, or the problem's 「——」
_MEASURE_LABEL = re.compile(r"(?:^|(?<=[。；;，,\s]))(?:改进措施|整改措施|下一步|措施|对策|打算)\s*[:：]\s*")
_TOPIC_LABEL = re.compile(r"^[\u4e00-\u9fff“”（）()]{2,10}[:：]\s*")
_DASH = re.compile(r"\s*(?:——|－－|--)\s*")
_PROBLEM_LABEL = re.compile(r"^(?:存在的?(?:主要)?问题|主要问题|问题|不足)\s*[:：]\s*")
# how a measure may begin that the lead-in already says (下一步，本局将 …)
_MEASURE_OPENING = re.compile(rf"^(?:下一步(?:工作)?[，,：:]?\s*)?(?:(?:本|我)(?:{'|'.join(SELF_WORDS)})将?|将)")
# how a rectification note names last year's problem before what was done about it
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,60})[”\"」』]")
_AFTER_QUOTE = re.compile(r"^(?:的?问题)?\s*[:：，,；;]?\s*")
_RECTIFICATION_LABEL = re.compile(r"(?:^|(?<=[。；;，,\s]))(?:整改(?:措施|情况|结果)?|措施|结果|落实情况)\s*[:：]\s*")
_PREVIOUS_WORDS = re.compile(r"^(?:针对)?(?:上一?年度?|去年)(?:报告)?(?:中|所)?(?:提出|列出|指出|反映)?的?")
_UNFILLED = re.compile(r"^【[^】]*】$")
_CLAUSE = re.compile(r"[，,；;。：:]")


@dataclass
class Problem:
    """One problem of the year and the measure the notes give for it ("" when they give none)."""

    text: str
    measure: str = ""


@dataclass
class ProblemsPlan:
    """What 五 says: the problems with their measures, measures left over, and the rectification sentences."""

    problems: list[Problem] = field(default_factory=list)
    extra_measures: list[str] = field(default_factory=list)
    rectification: list[str] = field(default_factory=list)


def short(text: str, limit: int = 24) -> str:
    """A problem or measure by its first clause (for a quotation or a placeholder), cut when still long."""
    text = text.strip().strip('“”"「」')
    head = _CLAUSE.split(text, maxsplit=1)[0].strip()
    if len(head) >= 4:
        text = head
    return text if len(text) <= limit else text[:limit] + "…"


def _quote(text: str) -> str:
    """``text`` in quotation marks, its own quotation marks turned to single ones (「“充实‘民生保障’栏目”」)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def _problem_text(text: str) -> str:
    return _PROBLEM_LABEL.sub("", text.strip()).strip(" ；;，,。")


def _measure_text(text: str) -> str:
    text = _MEASURE_LABEL.sub("", text.strip(), count=1) if _MEASURE_LABEL.match(text.strip()) else text.strip()
    # 「政策解读：重要政策文件同步制作图解」: the label names the problem the measure answers, which the list's
    # order already says
    topic = _TOPIC_LABEL.match(text)
    if topic and len(text) - topic.end() >= 8:
        text = text[topic.end() :]
    return _MEASURE_OPENING.sub("", text).strip(" ；;，,。：:")


def _without_leads(notes: str) -> str:
    """An aspect's notes cleaned, without lines that only lead in to a list (「主要问题如下：」)."""
    lines = clean_note_text(notes).split("\n")
    return "\n".join(ln for ln in lines if not ln.rstrip().endswith(("：", ":")))


def split_pair(item: str) -> tuple[str, str]:
    """(problem, measure) of one item of the problems notes; the measure is "" when none is written beside it, the
    problem is "" when the item is a measure alone (「措施：…」 on its own line)."""
    label = _MEASURE_LABEL.search(item)
    if label is not None:
        return _problem_text(item[: label.start()]), _measure_text(item[label.end() :])
    dashes = list(_DASH.finditer(item))
    # one dash parts a problem from its measure; dashes around an aside (「解读——特别是图解——不足」) do not
    if len(dashes) == 1 and dashes[0].start() > 0:
        return _problem_text(item[: dashes[0].start()]), _measure_text(item[dashes[0].end() :])
    return _problem_text(item), ""


def problems_with_measures(problems_notes: str, measures_notes: str) -> tuple[list[Problem], list[str]]:
    """The year's problems in order, each with its measure (beside it in the problems notes, else the next one of
    the measures notes in order), and the measures notes left over."""
    problems: list[Problem] = []
    loose: list[str] = []
    for item in split_items(_without_leads(problems_notes)):
        problem, measure = split_pair(item)
        if problem:
            problems.append(Problem(problem, measure))
        elif measure and problems and not problems[-1].measure:
            problems[-1].measure = measure  # 「措施：…」 on the line after its problem
        elif measure:
            loose.append(measure)
    pool = loose + [m for m in (_measure_text(i) for i in split_items(_without_leads(measures_notes))) if m]
    for problem in problems:
        if not problem.measure and pool:
            problem.measure = pool.pop(0)
    return problems, pool


def measure_placeholder(problem: str) -> str:
    return f"【待补充：针对{_quote(short(problem))}的改进措施】"


def problems_hint(report: Report) -> str:
    """What the tables show that usually is a problem, as a hint inside the placeholder (never as a claim)."""
    hints = []
    if report.value("四", cell_key("administrative_review", "corrected")):
        hints.append("表四中被行政复议纠正的案件")
    if any(report.value("四", cell_key(r, "corrected")) for r in ("litigation_direct", "litigation_after_review")):
        hints.append("表四中被行政诉讼判决纠正的案件")
    if report.value("三", cell_key("carried_forward", TOTAL)):
        hints.append("表三中结转下年度继续办理的申请")
    if group_total(report, "withheld"):
        hints.append("表三中不予公开的申请")
    if not hints:
        return PROBLEMS_PLACEHOLDER
    return f"【待补充：本年度存在的主要问题（可结合{'、'.join(hints)}等情况分析）】"


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _named(item: str) -> str:
    """The problem a rectification note names: its quotation, else its words before the first break."""
    quoted = _QUOTED.search(item)
    return quoted.group(1) if quoted else short(_PROBLEM_LABEL.sub("", item))


def _spoken_of(previous: list[str], items: list[str]) -> set[int]:
    """Which of last year's problems the rectification notes speak of: each note is paired with the problem most
    of its named problem's character pairs are found in (one note, one problem; best pairs first)."""
    scores = []
    for i, item in enumerate(items):
        named = _pairs(_named(item))
        for j, problem in enumerate(previous):
            if named:
                score = len(named & _pairs(problem)) / len(named)
                if score >= 0.3:
                    scores.append((score, i, j))
    used_items: set[int] = set()
    spoken: set[int] = set()
    for _score, i, j in sorted(scores, reverse=True):
        if i not in used_items and j not in spoken:
            used_items.add(i)
            spoken.add(j)
    return spoken


def _rectification_sentence(item: str, subject: str) -> str:
    """A rectification note as a sentence: 「针对上年度报告提出的“…”问题，本局…。」 (a note already written that way,
    or naming no problem, stays as the clerk wrote it)."""
    item = _PROBLEM_LABEL.sub("", item.strip()).rstrip("。；;，, ")
    if item.startswith("针对"):
        return item + "。"
    quoted = _QUOTED.search(item)
    if quoted is not None:
        problem, action = quoted.group(1), _AFTER_QUOTE.sub("", item[quoted.end() :], count=1)
    else:
        label = _RECTIFICATION_LABEL.search(item)
        dash = _DASH.search(item)
        cut = label or dash
        if cut is None or cut.start() == 0:
            return item + "。"
        problem, action = item[: cut.start()], item[cut.end() :]
        problem = _problem_text(_PREVIOUS_WORDS.sub("", problem.strip(" ；;，,。")))
    problem = problem.strip().removesuffix("的问题").removesuffix("问题").strip(" ：:，,")
    action = _measure_text(action) if not _UNFILLED.match(action.strip()) else ""
    if not problem:
        return item + "。"
    if not action:
        return f"针对上年度报告提出的{_quote(short(problem))}问题，{RESULT_PLACEHOLDER}。"
    if subject and not action.startswith(("本", "我", subject)):
        action = subject + action
    return f"针对上年度报告提出的{_quote(short(problem, 30))}问题，{action}。"


def _promised(previous: str, measure: str) -> str:
    """A sentence for a problem of last year's report the notes do not speak of: the measure last year promised
    (when it can be quoted without a number this year's sources cannot back) and a placeholder for the result."""
    said = f"针对上年度报告提出的{_quote(short(previous))}问题，"
    if measure and not re.search(r"\d", short(measure)):
        said += f"按照上年度确定的{_quote(short(measure))}措施，"
    return said + RESULT_PLACEHOLDER + "。"


def rectification_sentences(notes: str, facts: Facts, subject: str) -> list[str]:
    """上年度问题整改情况 sentence by sentence: the notes rewritten, then each of last year's problems the notes do not
    speak of (with the measure last year promised and a placeholder for the result)."""
    items: list[str] = []
    for item in split_items(_without_leads(notes)):
        if items and _RECTIFICATION_LABEL.match(item):
            items[-1] += "；" + item  # 「问题：…；整改：…」 split at its 「；」
        else:
            items.append(item)
    out = [_rectification_sentence(i, subject) for i in items]
    measures = facts.previous_measures
    spoken = _spoken_of(facts.previous_problems, items)
    for i, problem in enumerate(facts.previous_problems):
        # a placeholder left in last year's draft is no problem of its own
        if "【" in problem or i in spoken:
            continue
        out.append(_promised(problem, measures[i] if i < len(measures) and "【" not in measures[i] else ""))
    return out


def self_name(report: Report) -> str:
    """How 五 names the agency in 「下一步，本局将…」: its self-reference, else the name it signs with."""
    m = report.meta
    return agency_self_name(m.agency, m.level) or signing_name(m.agency, m.level)


def problems_plan(report: Report, facts: Facts) -> ProblemsPlan:
    """五's content from the notes, the tables and last year's report."""
    notes = report.notes
    problems, extra = problems_with_measures(notes.problems, notes.measures)
    subject = self_name(report)
    return ProblemsPlan(problems, extra, rectification_sentences(notes.rectification, facts, subject))


def problems_context(report: Report, facts: Facts) -> dict[str, str]:
    """The three parts of 五 as text for the offline template: rectification, problems, measures."""
    plan = problems_plan(report, facts)
    subject = self_name(report)
    if plan.problems:
        problems = enumerate_items([p.text for p in plan.problems])
        measures = [p.measure or measure_placeholder(p.text) for p in plan.problems]
        lead = f"下一步，{subject}将" if len(measures) == 1 else f"下一步，{subject}将针对上述问题逐项改进："
        text = enumerate_items(measures, lead=lead)
        if plan.extra_measures:
            text += f"此外，{subject}还将" + "；".join(plan.extra_measures) + "。"
    else:
        problems = problems_hint(report)
        text = enumerate_items(plan.extra_measures, lead=f"下一步，{subject}将") if plan.extra_measures else ""
        text = text or MEASURES_PLACEHOLDER
    return {
        "rectification": "".join(plan.rectification) or RECTIFICATION_PLACEHOLDER,
        "problems": problems,
        "measures": text,
    }
