"""A report's words in Markdown: escaped as the exporter writes them, and read back from a line as written.

Escaped, a text shows as typed in any Markdown engine (CommonMark or GFM with raw HTML allowed, as a CMS renders
it) and becomes nothing else: no HTML tag, entity, link, image, code, emphasis, heading or list. (A bare web or
e-mail address is left as written: a GFM engine shows it as the link it is, which runs and fetches nothing.) 「<」
is written ``&lt;`` and shows as 「<」; 「[」 is written ``\\[``. Reading undoes exactly that: every backslash
escape of ASCII punctuation and the entities the writer uses, so ``unescape(escape(t)) == t`` for any text.
"""

from __future__ import annotations

import re

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# characters that start a construct anywhere in a line: code, emphasis, strikethrough, link or image brackets,
# attribute lists ({: onclick=…} in some engines), math, a heading's closing #s, table cells
_ALWAYS = re.compile(r"[\\`*\[\]{}~$#|]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|[&<>]")
# a line that would open a block: list item, thematic break or setext underline, ordered list item
_BLOCK_START = re.compile(r"^([ \t]*)(?:([-+=])(?=[ \t+=-]|$)|(\d{1,9})([.)])(?=[ \t]|$))")
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&(amp|lt|gt|quot|#39);")
_DECODED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'"}


def _one(m: re.Match) -> str:
    c = m.group(0)
    return _ENTITIES.get(c) or "\\" + c


def escape(text: str, *, line_start: bool = True) -> str:
    """``text`` on one line as Markdown that shows it literally; ``line_start``: it begins a line (a paragraph)."""
    out = _ALWAYS.sub(_one, _LINE_BREAK.sub(" ", text))
    if line_start:
        m = _BLOCK_START.match(out)
        if m and m.group(2):
            out = f"{m.group(1)}\\{out[m.end(1) :]}"
        elif m:
            out = f"{m.group(1)}{m.group(3)}\\{out[m.end(3) :]}"
    return out


def unescape(text: str) -> str:
    """What Markdown ``text`` shows of its words: backslash escapes and the HTML entities ``escape`` writes decoded."""
    if "\\" not in text and "&" not in text:
        return text
    return _UNESCAPE.sub(lambda m: m.group(1) or _DECODED[m.group(2)], text)
