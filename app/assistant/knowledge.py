"""The knowledge base (docs/knowledge/*.md): entries with their source, found by keyword and character-bigram scoring."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from app.resources import resource_dir

KNOWLEDGE_DIR = resource_dir("knowledge")
# an answer needs at least one keyword or a few shared title bigrams: below this the base does not cover it
THRESHOLD = 4.0
_FIELDS = {"编号": "id", "关键词": "keywords", "来源": "source", "规则": "rule", "改正": "fix", "忽略": "dismiss"}
_FIELD_LINE = re.compile(r"^-\s*(编号|关键词|来源|规则|改正|忽略)\s*[:：]\s*(.*)$")
# words every question has: they say nothing about what it is about
_STOP = re.compile(
    r"请问|请|什么时候|什么|怎么样|怎么|怎样|如何|为什么|为何|是否|能否|可否|可以|需要|需不需要|要不要|"
    r"应该|应当|是不是|哪些|哪个|哪天|多少|有没有|我们|我|你|这个|那个|一下|吗|呢|吧|啊|的|了|是|在|和|与|及|有"
)
_PUNCT = re.compile(r"[\s，。、；：？！,.;:?!“”\"'（）()【】《》〈〉\-—…·/]+")


@dataclass(frozen=True)
class Entry:
    """One entry: a title, its source, the words that find it, and the text to quote."""

    id: str
    title: str
    source: str
    body: str
    keywords: tuple[str, ...] = ()
    rule: str = ""
    fix: str = ""
    dismiss: str = ""
    file: str = ""

    @property
    def quote(self) -> str:
        """The official wording the entry quotes (its “> ” lines), or ""."""
        return "\n".join(line[1:].strip() for line in self.body.split("\n") if line.startswith(">"))

    @property
    def explanation(self) -> str:
        """The entry's own explanation (the text that is not a quote)."""
        return "\n".join(line for line in self.body.split("\n") if line.strip() and not line.startswith(">"))


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


@dataclass
class KnowledgeBase:
    version: str
    entries: list[Entry] = field(default_factory=list)
    # bigram → weight: a bigram most entries share (政府, 公开) says little about which entry is meant
    weights: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        counts: dict[str, int] = {}
        for e in self.entries:
            for g in bigrams(f"{e.title} {e.body}"):
                counts[g] = counts.get(g, 0) + 1
        n = max(len(self.entries), 1)
        self.weights = {g: math.log((n + 1) / (c + 0.5)) for g, c in counts.items()}

    def by_rule(self, rule: str) -> Entry | None:
        """The entry explaining a rule id (R-A, CELL …)."""
        return next((e for e in self.entries if e.rule == rule), None)

    def get(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def search(self, question: str, *, limit: int = 3) -> list[Hit]:
        """The entries that cover ``question``, best first (empty: the base does not cover it)."""
        hits = [Hit(e, score(question, e, self.weights)) for e in self.entries]
        hits = [h for h in hits if h.score >= THRESHOLD]
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]


def _normalize(text: str) -> str:
    return _PUNCT.sub(" ", text.lower().replace("－", "-"))


def bigrams(text: str) -> set[str]:
    """Character bigrams of the CJK/latin runs of ``text`` after question words are dropped."""
    grams: set[str] = set()
    for run in _STOP.sub(" ", _normalize(text)).split():
        if len(run) == 1:
            continue
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def score(question: str, entry: Entry, weights: dict[str, float] | None = None) -> float:
    """How well ``entry`` answers ``question``: keywords it names, then shared bigrams (title > body), rarer ones more."""
    q = _normalize(question)
    total = 0.0
    for kw in (*entry.keywords, entry.rule):
        k = _normalize(kw).strip()
        if k and k in q:
            total += 3.0 + 0.5 * len(k)
    grams = bigrams(question)
    weight = (weights or {}).get
    total += sum(weight(g, 1.0) for g in grams & bigrams(entry.title))
    total += 0.3 * sum(weight(g, 1.0) for g in grams & bigrams(entry.body))
    return total


def parse_entries(text: str, *, file: str = "") -> list[Entry]:
    """The entries of one knowledge file ("## title", "- 字段: 值" lines, then the text)."""
    entries: list[Entry] = []
    for block in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        lines = block.strip("\n").split("\n")
        title, fields, body = lines[0].strip(), {}, []
        for line in lines[1:]:
            m = _FIELD_LINE.match(line.strip())
            if m and not body:
                fields[_FIELDS[m.group(1)]] = m.group(2).strip()
            elif line.strip() or body:
                body.append(line.rstrip())
        keywords = tuple(k.strip() for k in re.split(r"[,，、]", fields.pop("keywords", "")) if k.strip())
        if "id" not in fields or "source" not in fields:
            raise ValueError(f"knowledge entry {title!r} in {file} needs 编号 and 来源")
        entries.append(Entry(title=title, body="\n".join(body).strip(), keywords=keywords, file=file, **fields))
    return entries


@cache
def knowledge_base(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """The knowledge base shipped with the project (read once)."""
    readme = (directory / "README.md").read_text(encoding="utf-8")
    version = re.search(r"版本[:：]\s*(\S+)", readme)
    entries: list[Entry] = []
    for path in sorted(directory.glob("*.md")):
        if path.name != "README.md":
            entries += parse_entries(path.read_text(encoding="utf-8"), file=path.name)
    ids = [e.id for e in entries]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate knowledge entry ids: {sorted(duplicates)}")
    return KnowledgeBase(version=version.group(1) if version else "?", entries=entries)


def cite(entry: Entry, version: str) -> str:
    """Where an answer comes from, as one line."""
    return f"来源：{entry.source}（知识库 {version}，docs/knowledge/{entry.file}「{entry.title}」）"


def quoted(entry: Entry, version: str) -> str:
    """An entry as the answer itself: its quote, its explanation and its source."""
    parts = [f"**{entry.title}**"]
    if entry.quote:
        parts.append("\n".join(f"> {line}" for line in entry.quote.split("\n")))
    if entry.explanation:
        parts.append(entry.explanation)
    parts.append(cite(entry, version))
    return "\n\n".join(parts)
