"""Text from a report, a user or a model for Streamlit's Markdown, made inert: it shows as written and becomes no
image, link, raw HTML, math or code; a URL shows as code (Streamlit would otherwise make it a link).

Kept of Markdown: list items and quotes at the start of a line and **bold**, which the assistant's own explanations
and citations use (their contents escaped like the rest).
"""

from __future__ import annotations

import re

# the characters that start a construct: HTML and autolinks, links, images and Streamlit's :color[…] directives,
# code, emphasis, math, headings, block quotes, tables, entities; the escape character itself
_SPECIAL = re.compile(r"([\\`*_~\[\]<>&#|$])")
# what GFM turns into a link after parsing (an escape does not stop it): shown as code instead
_URL = re.compile(r"(?:https?://|www\.)[!-~]*", re.IGNORECASE)  # up to a space or a Chinese character
_QUOTE = re.compile(r"^>[ \t]?")
_LIST = re.compile(r"^(?:([-*+])|(\d{1,3})[.)])[ \t]+")
_BOLD = re.compile(r"\\\*\\\*(\S(?:.*?\S)?)\\\*\\\*")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")


def _code(text: str) -> str:
    """``text`` as a code span: longer backtick fences than any run inside, shown exactly."""
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _inline(text: str, *, bold: bool) -> str:
    out, at = [], 0
    for m in _URL.finditer(text):
        out.append(_SPECIAL.sub(r"\\\1", text[at : m.start()]))
        out.append(_code(m.group(0)))
        at = m.end()
    out.append(_SPECIAL.sub(r"\\\1", text[at:]))
    if bold:
        out = [part if part.startswith("`") else _BOLD.sub(r"**\1**", part) for part in out]
    return "".join(out)


def literal(text: str) -> str:
    """``text`` as Markdown that shows every character of it (line breaks become spaces): for captions, alerts,
    labels and one-line messages."""
    return _inline(_LINE_BREAK.sub(" ", text).strip(), bold=False)


def chat_markdown(text: str) -> str:
    """A chat message as Markdown that keeps its lines, list items, quotes and **bold**, and makes nothing else of
    it."""
    lines = []
    for line in _LINE_BREAK.split(text):
        line = line.strip()
        quote = _QUOTE.match(line)
        if quote:
            line = line[quote.end() :]
        m = _LIST.match(line)
        marker = ("> " if quote else "") + (("- " if m.group(1) else f"{m.group(2)}. ") if m else "")
        lines.append(marker + _inline(line[m.end() :] if m else line, bold=True))
    # two spaces before a line break keep it (Markdown would join the lines of a paragraph)
    return "\n".join(ln + "  " if ln and nxt else ln for ln, nxt in zip(lines, lines[1:] + [""], strict=True))
