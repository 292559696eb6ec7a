"""Text from a report, a user or a model for Streamlit's Markdown, made inert: it shows as written and becomes no
image, link, raw HTML, math, code, emoji, icon or coloured text; a URL or an email address shows as code (Streamlit
would otherwise make it a link).

Kept of Markdown: list items and quotes at the start of a line and **bold**, which the assistant's own explanations
and citations use (their contents escaped like the rest).
"""

from __future__ import annotations

import re

# the characters that start a construct: HTML and autolinks, links, images and Streamlit's :color[…] directives,
# code, emphasis, math, headings, block quotes, tables, entities; the escape character itself
_SPECIAL = re.compile(r"([\\`*_~\[\]<>&#|$])")
# what GFM turns into a link after parsing (an escape does not stop it): shown as code instead
# (up to a space or a Chinese character; a bare "http://" before a space links nothing and stays words)
_URL = re.compile(r"(?:https?://|www\.)(?=\S)[!-~]*", re.IGNORECASE)
# an email address, which GFM links the same way
# (it starts where a run of such characters starts, so that a long run is read once; right after an address
# another one may start, 「a@b.cn+c@d.cn」, and is taken there by _CHAINED)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._+-])[A-Za-z0-9._+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")
_LINK = re.compile(f"{_URL.pattern}|{_EMAIL.pattern}", re.IGNORECASE)
_CHAINED = re.compile(f"{_URL.pattern}|{_EMAIL.pattern.removeprefix('(?<![A-Za-z0-9._+-])')}", re.IGNORECASE)
# a colon that starts a Streamlit shortcode (:smile:, :material/home:) or directive (:red[…]): a word joiner after it
# (invisible) stops both, where a backslash would not stop the emoji one
# (a colon before digits only, as in 10:30, starts none but :100: and :1234:)
_SHORTCODE = re.compile(r":(?=[A-Za-z_+-]|\d+[A-Za-z_]|100:|1234:)")
WORD_JOINER = "\u2060"
# what opens a list item, a thematic break or a setext underline at the start of a line: its mark escaped
# (a marker needs a space or the line's end after it: 「1.本机关」 and 「-3」 stay as they are)
_BLOCK_START = re.compile(r"^(?:([-+=])(?=[\s=-]|$)|(\d{1,9})([.)])(?=\s|$))")
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


def _escaped(text: str) -> str:
    return _SHORTCODE.sub(":" + WORD_JOINER, _SPECIAL.sub(r"\\\1", text))


def _line_start(text: str) -> str:
    """``text`` at the start of a line with the mark that would open a list, a rule or a heading escaped."""
    m = _BLOCK_START.match(text)
    if m is None:
        return text
    if m.group(1):
        return "\\" + text
    return m.group(2) + "\\" + text[m.end(2) :]


def _links(text: str):
    """The addresses of ``text`` in order: each found where its run starts, or right where the one before ends."""
    at = 0
    while (m := _LINK.search(text, at)) is not None:
        while m is not None:
            yield m
            at = m.end()
            m = _CHAINED.match(text, at)


def _inline(text: str, *, bold: bool) -> str:
    out, at = [], 0
    for m in _links(text):
        out.append(_escaped(text[at : m.start()]))
        out.append(_code(m.group(0)))
        at = m.end()
    out.append(_escaped(text[at:]))
    if bold:
        out = [part if part.startswith("`") else _BOLD.sub(r"**\1**", part) for part in out]
    return "".join(out)


def literal(text: str) -> str:
    """``text`` as Markdown that shows every character of it (line breaks become spaces): for captions, alerts,
    labels and one-line messages."""
    return _line_start(_inline(_LINE_BREAK.sub(" ", text).strip(), bold=False))


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
        lines.append(marker + _line_start(_inline(line[m.end() :] if m else line, bold=True)))
    # two spaces before a line break keep it (Markdown would join the lines of a paragraph)
    return "\n".join(ln + "  " if ln and nxt else ln for ln, nxt in zip(lines, lines[1:] + [""], strict=True))
