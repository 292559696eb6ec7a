"""What a message asks for, decided by rules (no model): refuse, explain findings, a table edit, revise text, a question."""

from __future__ import annotations

import re

from schemas.assistant import Intent
from schemas.rule_catalogue import Rule

# any catalogued rule id ("R-A", "CELL" …), longest first, not inside a longer latin word
_RULE_ID = (
    r"(?<![A-Za-z])(?:"
    + "|".join(re.escape(r.value) for r in sorted(Rule, key=lambda r: -len(r.value)))
    + r")(?![A-Za-z])"
)

# asking for what the assistant must never give: its instructions or a credential
SECRET = re.compile(
    r"系统提示|提示词|system\s*prompt|prompt|系统指令|你的指令|你的设定|初始指令|开发者消息|"
    r"api[\s_-]*key|apikey|密钥|秘钥|令牌|口令|密码|(?<![A-Za-z])sk-",
    re.IGNORECASE,
)
EXPLAIN = re.compile(
    r"报错|出错|错误|警告|标红|变红|红色|发现|不通过|通不过|忽略|勾稽|对不上|不平|校验|检查结果|"
    rf"{_RULE_ID}|"
    r"为什么.{0,12}(?:错|不对|有问题)",
    re.IGNORECASE,
)
REVISE = re.compile(
    r"改写|重写|重新写|修改|改成|改为|改一下|改得|写得|写成|精简|简洁|简短|简练|缩短|压缩|删减|扩写|展开|"
    r"补充|加上|加一句|加一段|增加|添加|写进|写上|删去|删除|删掉|去掉|换个|换一种|换一个|语气|正式|口语|润色|"
    r"调整|太像|雷同|太长|太短|通顺|精炼|更.{0,6}(?:一些|一点|些)",
)
QUESTION = re.compile(r"[？?]\s*$|吗|呢|为什么|为何|怎么|如何|什么|哪|是否|能否|可否|多少|几[件个天号]|要不要|是不是")
# a request aimed at table cells rather than at the text
TABLE_TARGET = re.compile(r"表[二三四2-4]|统计表|表格|单元格|数据填报")
TEXT_TARGET = re.compile(r"正文|文字|段|句|表述|写|措辞|语气|小标题|标题|部分")
_POLITE_REQUEST = re.compile(r"^(?:请|麻烦|帮我|帮忙|能不能|能否|可以|可不可以|你能)")
_TABLES = re.compile(r"表\s*([二三四234])")
_RULES = re.compile(_RULE_ID, re.IGNORECASE)
_DIGIT_TABLE = {"2": "二", "3": "三", "4": "四"}


def route(text: str) -> Intent:
    """The intent of one chat message."""
    text = text.strip()
    if SECRET.search(text):
        return "refuse"
    explain, revise = bool(EXPLAIN.search(text)), bool(REVISE.search(text))
    question = bool(QUESTION.search(text)) and not _POLITE_REQUEST.match(text)
    if explain and (question or not revise):
        return "explain"
    if revise:
        if TABLE_TARGET.search(text) and not TEXT_TARGET.search(text):
            return "table_edit"
        return "revise"
    return "question"


def mentioned_tables(text: str) -> set[str]:
    """The tables a message names (表三, 表3 …)."""
    return {_DIGIT_TABLE.get(t, t) for t in _TABLES.findall(text)}


def mentioned_rules(text: str) -> set[Rule]:
    """The rules a message names (R-A, CELL …)."""
    return {Rule(r.upper()) for r in _RULES.findall(text)}


def severity_asked(text: str) -> str | None:
    """ "warning" when the message asks about warnings, "error" about errors, else None."""
    warning, error = "警告" in text, bool(re.search(r"报错|错误|出错", text))
    if warning and not error:
        return "warning"
    if error and not warning:
        return "error"
    return None
