"""The clerk's note fragments as a report's sentences (pure, by rules): every number and name kept as written.

Notes come as bullets, 「X：Y」 labels and terse fragments (「政务新媒体账号1个，年内无新增、无关停」); a report
says 「现有政务新媒体账号1个，年内无新开设或关停的账号。」. The rules here are general (labels, a count with no
verb, 「无新增、无关停」, half-width punctuation, 今年/去年), never written for one notes file. After its first
full name the text calls the agency 本局/本镇/本乡… (``refer``).
"""

from __future__ import annotations

import re

from app.drafting.notes import clean_note_text
from schemas.content import EMPTY_PHRASES

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}\s*[.、)）](?!\d)|[（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_CJK = r"\u4e00-\u9fff"
_END = "。！？"

# 「X：Y」 where X is a short label (no number, no punctuation): 「保密审查：信息发布前…」
_LABEL = re.compile(rf"^(?P<label>[{_CJK}]{{2,10}})[：:]\s*(?P<body>.+)$")
_TIME_LABEL = re.compile(
    r"^(?:上半年|下半年|年初|年中|年底|年末|全年|第[一二三四]季度|[一二三四五六七八九十]{1,2}月份?)$"
)
_NONE = re.compile(r"^(?:无|没有|暂无|0|〇|零)[。.]?$")
_AMOUNT = re.compile(
    r"^(?:共|累计|合计|全年)?\d+(?:\.\d+)?\s*(?:个|件|次|场|条|篇|项|人次|人|名|期|家|份|批|期|万元|元|所|座|处)[。.]?$"
)
# the separators of a label's several counts: 「培训：2次，60人次」「会议：3次、50人次」
_AMOUNTS_SPLIT = re.compile(r"\s*[，,、；;/]\s*")
# a count of people after a count of events (「开展培训2次，60人次」): who took part
_EVENTS = re.compile(r"\d+(?:\.\d+)?\s*(?:次|场|期)[，,；;]$")
_PEOPLE = re.compile(r"^(?:共|累计|合计)?(?P<count>\d+(?:\.\d+)?\s*(?:人次|人|名))(?P<end>[，；。]?)$")
_COUNT_FRAGMENT = re.compile(
    rf"^(?P<noun>[{_CJK}“”\"、]{{2,30}}?)(?P<count>\d+(?:\.\d+)?\s*(?:个|场|次|期|篇|条|件|项))(?P<rest>.*)$"
)
_VERB_COUNT = re.compile(rf"(?P<verb>[{_CJK}]{{1,4}}?)(?P<count>\d+(?:\.\d+)?\s*(?:个|件|次|场|条|篇|项|期|份))")
# a colon that introduces the parts of a count just given: 「主动公开信息386条：行政许可结果152条，…」
_PARTS_COLON = re.compile(r"(?<=\d)(?P<unit>条|件|个|次|篇|项|场|人次|份)[：:](?=[^：:]*\d)")
_SAYING_COLON = re.compile(r"(?<=为|是|含|括|有)[：:]")
# 「无新增、无关停」「没有新开或关停」
_NO_CHANGE = re.compile(
    r"(?P<time>年内|全年|本年度?|今年)?(?:均|都)?(?:无|没有|未)(?:新增|新开设?|开设|开通)(?:账号|网站|栏目)?"
    r"[、，,和及或也]{0,2}(?:无|没有|未)?(?P<verb>关停|关闭|注销|撤销|撤并|减少)(?:账号|网站|栏目)?"
)

# things that exist (账号, 网站 …): a count of them is what there is (现有…), what 「无新增、无关停」 is about
_EXISTING = (
    "账号",
    "公众号",
    "网站",
    "栏目",
    "专栏",
    "查阅点",
    "查阅室",
    "窗口",
    "平台",
    "信箱",
    "热线",
    "微博",
    "公开栏",
)
# what a count with no verb before it is done with: 「新闻发布会3场」 → 「召开新闻发布会3场」
_VERBS_FOR: tuple[tuple[tuple[str, ...], str], ...] = (
    (("发布会", "座谈会", "听证会", "推进会", "会议", "例会"), "召开"),
    (("培训", "讲座", "检查", "督查", "抽查", "巡查", "评议", "调研", "活动", "演练", "开放日"), "开展"),
    (("解读", "图解"), "发布"),
    (_EXISTING, "现有"),
    (("宣传栏", "显示屏", "触摸屏", "查询机", "查询终端"), "设有"),
)
_VERB_WORDS = re.compile(
    "开展|召开|举办|举行|组织|发布|公开|制发|印发|出台|制定|设|建|开通|开设|现有|共有|拥有|有|新增|增加|减少|完成|办理"
    "|收到|受理|推送|更新|答复|参加|参与|接待|处理|作出|清理|废止|审核|审查|报送|纳入|录入|上传|编制|修订|梳理|回应"
    "|解答|转办|关停|注销|整合|迁移|维护|落实|承办|配发|印制|张贴|制作|开辟|运行|邀请|委托|发放|通报"
)
# nouns built on a verb (发布会, 信息公开查阅点, 服务中心): not the verb of a clause
_VERBAL_NOUNS = re.compile(
    r"发布会|信息公开|政务公开|公开栏|公开专栏|公开目录|服务中心|便民服务|公众号|办事处|办事大厅"
)
_TIME_START = re.compile(r"^(?:今年|本年度?|全年|年内)")


def _half_width(text: str) -> str:
    """Half-width , ; : ( ) between Chinese characters as a report prints them (numbers and addresses kept)."""
    text = re.sub(rf"(?<=[{_CJK}）”])\s*,\s*|\s*,\s*(?=[{_CJK}“（])", "，", text)
    text = re.sub(rf"(?<=[{_CJK}）”])\s*;\s*|\s*;\s*(?=[{_CJK}“（])", "；", text)
    text = re.sub(rf"(?<=[{_CJK}])\s*:\s*(?=[{_CJK}“\d])", "：", text)
    text = re.sub(rf"\(([^()]*[{_CJK}][^()]*)\)", r"（\1）", text)
    return text


def _verb_for(noun: str) -> str:
    for nouns, verb in _VERBS_FOR:
        if noun.endswith(nouns):
            return verb
    return ""


def _with_verb(clause: str) -> str:
    """A clause that opens with a count and no verb gets the verb its noun takes (「新闻发布会3场」 → 「召开…」)."""
    m = _COUNT_FRAGMENT.match(clause)
    if not m or (len(m.group("noun")) > 16 and m.group("rest").strip("。")):
        return clause
    if _VERB_WORDS.search(_VERBAL_NOUNS.sub("|", m.group("noun"))):
        return clause
    verb = _verb_for(m.group("noun").strip('“”"'))
    return verb + clause if verb else clause


def _existing_noun(text: str) -> str:
    """The last thing a text says exists (账号, 网站, 栏目 …): what 「无新增、无关停」 is about."""
    found = [(text.rfind(n), n) for n in _EXISTING if n in text]
    return max(found)[1] if found else ""


def _no_change(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        noun = _existing_noun(text[: m.start()])
        time = m.group("time") or ""
        time = "本年度" if time == "今年" else time
        return f"{time}无新开设或{m.group('verb')}的{noun}" if noun else f"{time}无新增或{m.group('verb')}"

    return _NO_CHANGE.sub(repl, text)


def _label(line: str) -> str:
    """A 「X：Y」 line as a sentence: the label folded into the text or dropped when the text already says it."""
    m = _LABEL.match(line)
    if not m:
        return line
    label, body = m.group("label").strip(), m.group("body").strip().rstrip("；;，,、 ")
    if _TIME_LABEL.match(label):
        return f"{label}，{body}"
    core = label.removesuffix("情况").removesuffix("方面").strip() or label
    if _NONE.match(body):
        return f"本年度无{core}"
    if _AMOUNT.match(body):
        amount = body.rstrip("。.")
        verb = _verb_for(core)
        return f"{verb}{core}{amount}" if verb else f"{core}共{amount.removeprefix('共')}"
    amounts = _AMOUNTS_SPLIT.split(body.rstrip("。."))
    if all(_AMOUNT.match(a) for a in amounts):
        # 「培训：2次，60人次」 → 「培训2次，60人次」: the verb and 「共…参加」 are added as for any such clause
        return f"{core}{amounts[0]}，" + "，".join(amounts[1:])
    counts = re.split(r"[，,、；;]", body.rstrip("。."))
    if all(_VERB_COUNT.fullmatch(c) and _VERB_WORDS.search(c) for c in counts):
        # 「规范性文件：制发1件，废止1件」 → 「制发规范性文件1件，废止规范性文件1件」
        return "，".join(_VERB_COUNT.sub(rf"\g<verb>{core}\g<count>", c) for c in counts)
    if core in body or (len(core) >= 4 and core[-2:] in body):
        return body
    if not re.search(f"[{_CJK}]", body) or (len(body) <= 8 and not _VERB_WORDS.search(body)):
        return f"{core}为{body}"  # 「咨询电话：0123-…」「负责科室：办公室」
    return f"在{core}方面，{body}"


def _close(text: str) -> str:
    text = text.strip().rstrip("；;，,、 ")
    if not text:
        return ""
    return text if text[-1] in _END else text + "。"


def _without_empty_phrases(sentence: str) -> str:
    """The sentence without its clauses that rest on an empty phrase (空话套话): they say nothing checkable."""
    if not any(p in sentence for p in EMPTY_PHRASES):
        return sentence
    clauses = re.split(r"(?<=[，；;,])", sentence.rstrip(_END))
    kept = "".join(c for c in clauses if not any(p in c for p in EMPTY_PHRASES))
    # what is left may be only a time word (「本年度，」): nothing to say
    return _close(kept) if len(re.sub(rf"[^{_CJK}\d]|本年度?|今年|全年|年内", "", kept)) >= 4 else ""


def phrase(line: str) -> str:
    """One line of notes as a full sentence of a report: bullet dropped, label folded in, fragments completed."""
    line = _half_width(_BULLET.sub("", line).strip())
    if not line:
        return ""
    line = _label(line)
    line = _PARTS_COLON.sub(r"\g<unit>，其中", line)
    line = _SAYING_COLON.sub("", line)
    line = re.sub(r"^今年", "本年度", line)
    line = re.sub(r"(?<=[，；])今年", "本年度", line)
    line = re.sub(r"(?<![\d年])去年", "上年", line)
    line = _no_change(line)
    parts = re.split(r"(?<=[，；])", line)
    parts[0] = _with_verb(parts[0])
    for i in range(1, len(parts)):
        parts[i] = _taking_part(parts[i - 1], parts[i])
    return _without_empty_phrases(_close("".join(parts)))


def _taking_part(before: str, clause: str) -> str:
    """A bare count of people after a count of events says who took part: 「开展培训2次，」「60人次」 →
    「共60人次参加」."""
    m = _PEOPLE.match(clause.strip())
    if not m or not _EVENTS.search(before):
        return clause
    count = m.group("count")
    word = "参加" if _VERB_WORDS.search(_VERBAL_NOUNS.sub("|", before)) else ""
    return f"共{count}{word}{m.group('end')}"


def note_sentences(text: str) -> list[str]:
    """The notes of one aspect as a report's sentences (file titles, 「说明：」 lines and markup dropped first)."""
    out: list[str] = []
    for line in clean_note_text(text).split("\n"):
        for piece in re.findall(rf"[^{_END}]+[{_END}]?", line):
            sentence = phrase(piece)
            if sentence:
                out.append(sentence)
    return out


# a name followed by one of these names a platform (「示例县人民政府网站」), not the agency acting
_PLATFORM_AFTER = re.compile(
    r"^(?:门户网站|网站|官网|官方网站|政务|微信|公众号|微博|抖音|头条|客户端|APP|专栏|信息公开)"
)


def refer(text: str, names: tuple[str, ...], self_ref: str) -> str:
    """``text`` with the agency's full names (``names``) replaced by ``self_ref`` (本局, 本镇 …), except where the
    name is part of a platform's or a document's name."""
    if not self_ref:
        return text
    names = tuple(sorted({n for n in names if len(n) >= 2}, key=len, reverse=True))
    if not names:
        return text
    pattern = re.compile("|".join(map(re.escape, names)))
    out, last, depth = [], 0, 0
    for m in pattern.finditer(text):
        before = text[last : m.start()]
        depth += before.count("《") + before.count("“") - before.count("》") - before.count("”")
        out.append(before)
        quoted = depth > 0
        out.append(m.group(0) if quoted or _PLATFORM_AFTER.match(text[m.end() :]) else self_ref)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def opening(sentence: str, names: tuple[str, ...]) -> str | None:
    """The rest of a sentence that can follow 「2025年，某局」 (it opens with a time word, the agency's name or what
    its work is about), or None."""
    rest = _TIME_START.sub("", sentence).lstrip("，, ")
    for name in sorted(names, key=len, reverse=True):
        if name and rest.startswith(name):
            return rest[len(name) :].lstrip("，, ")
    if rest != sentence.lstrip("，, ") or re.match(r"^(?:政务公开|政府信息公开|信息公开|各项)", rest):
        return rest
    if _VERB_WORDS.match(rest):
        return rest
    return None


def plain_rate(statement: str) -> str:
    """The rate sentence without the computation shown in brackets (「（办结60件÷收到申请62件…）」)."""
    return re.sub(r"（[^（）]*÷[^（）]*）", "", statement)
