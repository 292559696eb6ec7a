"""A synthetic batch for the audit benchmark: copies of the repository's reports, as text and as HTML.

The samples: every text and Markdown report in SAMPLE_FOLDERS, and the county example reports exported as
Markdown. Each copy gets another agency name (everywhere it appears) and its table numbers multiplied by 1, 2 or 3
(so consistent tables stay consistent); every fourth file is an HTML page with the pipe rows as <table> rows.

``make_province`` makes the other kind of batch (benchmarks/audit_scale.py): every unit with narrative sections of
its own (sentences from the samples' clauses, a few of them very common, and new clauses made of their pieces;
most units keeping a template sentence), the city report's tables, and 1% planted copies of another unit's sections.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the repository's reports as published text: the seed, the whole city report, the realistic samples in every layout
SAMPLE_FOLDERS = (ROOT / "examples", ROOT / "tests" / "fixtures", ROOT / "tests" / "real_world")
SEED = ROOT / "examples" / "qihuxiang-2020.txt"
# example reports kept as JSON, exported as Markdown (the 2025 copy with planted errors would be a near-duplicate)
EXPORTED = ("county-department-2024.json", "county-department-2025.json")
PLACES = ("东城", "西湖", "南山", "北林", "青河", "白沙", "金水", "石门", "云岭", "长宁", "安平", "临江")
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")
_COMMENT = re.compile(r"^#\s*(?:source|completeness):")  # where a sample was taken from, not report text
_HEADING = re.compile(r"^#{1,6}\s+")
_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}")  # a Markdown table's |---|---| line


def samples() -> list[tuple[str, str]]:
    """(file name, text) of every sample report."""
    from app.export.document import assemble
    from app.export.markdown import to_markdown
    from app.importers import read_report

    files = sorted(f for folder in SAMPLE_FOLDERS for f in folder.glob("*.txt"))
    files += sorted(f for f in SAMPLE_FOLDERS[-1].glob("*.md") if f.name != "README.md")
    if not files:
        raise SystemExit(f"没有找到示例年报：{'、'.join(map(str, SAMPLE_FOLDERS))}")
    out = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    for name in EXPORTED:
        report = read_report(ROOT / "examples" / name)
        out.append((f"{Path(name).stem}.md", to_markdown(assemble(report)).decode("utf-8")))
    return out


def agency_of(text: str, name: str) -> str:
    """The agency the importer reads from a sample (empty when it finds none)."""
    from app.importers import read_bytes

    return read_bytes(text.encode("utf-8"), name).meta.agency


def _scale_row(line: str, factor: int) -> str:
    cells = line.split("|")
    out = []
    for c in cells:
        if _NUMBER.match(c):
            v = c.strip()
            scaled = str(int(v) * factor) if "." not in v else f"{float(v) * factor:g}"
            c = c.replace(v, scaled)
        out.append(c)
    return "|".join(out)


def variant(text: str, agency: str, new_agency: str, factor: int) -> str:
    """The sample with another agency name and its table numbers scaled."""
    if agency:
        text = text.replace(agency, new_agency)
    return "\n".join(_scale_row(ln, factor) if "|" in ln else ln for ln in text.split("\n"))


def as_html(text: str) -> str:
    """The text report as a web page: paragraphs, and runs of pipe rows as one table."""
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>']
    in_table = False
    for line in text.split("\n"):
        if _SEPARATOR.match(line):
            continue
        if "|" in line:
            if not in_table:
                parts.append("<table>")
                in_table = True
            cells = "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.split("|"))
            parts.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            parts.append("</table>")
            in_table = False
        if line.strip() and not _COMMENT.match(line):
            parts.append(f"<p>{html.escape(_HEADING.sub('', line))}</p>")
    if in_table:
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def make_corpus(folder: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write ``count`` report files into ``folder``; their paths, in order."""
    rng = random.Random(seed)
    read = [(name, text, agency_of(text, name)) for name, text in samples()]
    # a sample whose agency is not written as read (traditional characters) could not be renamed: left out
    base = [(name, text, agency) for name, text, agency in read if agency and agency in text]
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(count):
        name, text, agency = base[i % len(base)]
        place = f"{PLACES[i % len(PLACES)]}{i}"
        body = variant(text, agency, f"{place}{agency}", rng.choice((1, 2, 3)))
        stem = f"{i:04d}_{Path(name).stem}"
        if i % 4 == 3:
            path = folder / f"{stem}.html"
            path.write_text(as_html(body), encoding="utf-8")
        else:
            path = folder / f"{stem}{Path(name).suffix}"
            path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- a province: every unit's own prose, planted copies

CITY = ROOT / "tests" / "fixtures" / "shili-city-2024.txt"  # the header and tables every generated report uses
_CLAUSE = re.compile(r"[\u4e00-\u9fff]{4,24}")
_PLACE_CHARS = "东西南北青白金石云长安临平和丰泰宁新阳山川河湖清源华兴永昌利康福德林江水海岭城桥乐"
_SUBHEADINGS = ("（一）主动公开情况。", "（二）依申请公开情况。", "（三）政府信息管理情况。", "（四）平台建设情况。")
# template wording most units keep (the audit must not call it copying)
_TEMPLATE = (
    "本年度，{agency}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，"
    "认真落实上级关于政务公开工作的部署要求，持续深化政务公开，不断提升政府信息公开工作质量和实效。"
)
COPY_EDITS = (0, 1, 2)  # sentences a copier rewrites in a copied section ...
COPY_EDIT_SHARE = 0.1  # ... never more than this share of them: a copy, not a rewrite


@dataclass
class Province:
    """A generated batch: the files, and the planted copies as (copy's index, original's index, sections)."""

    files: list[Path]
    planted: list[tuple[int, int, tuple[str, ...]]]
    sections: list[dict[str, str]]  # each report's narrative text by section number (一, 五, 六)
    agencies: list[str]


class _Prose:
    """Sentences from the samples' own clauses (common wording, a few very common) and new clauses made of their
    pieces (each unit's own wording)."""

    def __init__(self, rng: random.Random) -> None:
        from app.importers.text import to_simplified

        text = "".join(to_simplified(t) for _, t in samples())  # as the reader sees them
        clauses = list(dict.fromkeys(_CLAUSE.findall(text)))
        rng.shuffle(clauses)
        self.common = clauses
        self.pieces = [c[i : i + 2] for c in clauses for i in range(0, len(c) - 1, 2)]
        self.rng = rng

    def clause(self) -> str:
        rng = self.rng
        if rng.random() < 0.45:
            return self.common[int(len(self.common) * rng.random() ** 3)]  # a few clauses in many reports
        return "".join(rng.choice(self.pieces) for _ in range(rng.randint(3, 6)))

    def sentence(self, agency: str) -> str:
        parts = [self.clause() for _ in range(self.rng.randint(2, 4))]
        if self.rng.random() < 0.25:
            parts[0] = agency + parts[0]
        return "，".join(parts) + "。"

    def paragraph(self, agency: str, sentences: int) -> str:
        return "".join(self.sentence(agency) for _ in range(sentences))


def _agency(i: int) -> tuple[str, str]:
    n = len(_PLACE_CHARS)
    place = _PLACE_CHARS[i % n] + _PLACE_CHARS[(i // n) % n] + _PLACE_CHARS[(i // n // n) % n]
    return f"{place}市", f"{place}市人民政府"


def _narrative(prose: _Prose, rng: random.Random, agency: str) -> dict[str, str]:
    overview = [_TEMPLATE.format(agency=agency)] if rng.random() < 0.7 else []
    overview += [head + prose.paragraph(agency, rng.randint(3, 6)) for head in _SUBHEADINGS]
    return {
        "一": "\n".join(overview),
        "五": prose.paragraph(agency, rng.randint(4, 8)),
        "六": prose.paragraph(agency, rng.randint(3, 6)),
    }


def _edited(text: str, prose: _Prose, agency: str, edits: int) -> str:
    """``text`` with ``edits`` of its sentences (not the template's, nor a sub-heading) rewritten."""
    lines = [[s + "。" for s in line.split("。") if s] for line in text.split("\n")]
    places = [(n, k) for n, line in enumerate(lines) for k, s in enumerate(line) if s[0] != "（" and "坚持以" not in s]
    edits = min(edits, int(len(places) * COPY_EDIT_SHARE))
    for n, k in prose.rng.sample(places, edits):
        lines[n][k] = prose.sentence(agency)
    return "\n".join("".join(line) for line in lines)


def _copied(original: dict[str, str], old: str, new: str, prose: _Prose, rng: random.Random) -> dict[str, str]:
    """Another unit's sections under this unit's name, each with a few sentences rewritten."""
    return {num: _edited(text.replace(old, new), prose, new, rng.choice(COPY_EDITS)) for num, text in original.items()}


def province_text(city: str, agency: str, narrative: dict[str, str], factor: int) -> str:
    """A whole report: the city report's header and tables under ``agency``, with the generated sections."""
    lines = city.split("\n")
    head = "\n".join(lines[: lines.index("一、总体情况")])
    tables = lines[lines.index("二、主动公开政府信息情况") : lines.index("五、存在的主要问题及改进情况")]
    place = agency.removesuffix("人民政府")
    head = head.replace("示例市人民政府", agency).replace("示例市", place)
    body = "\n".join(_scale_row(ln, factor) if "|" in ln else ln for ln in tables)
    return (
        f"{head}\n一、总体情况\n{narrative['一']}\n{body}\n五、存在的主要问题及改进情况\n{narrative['五']}\n"
        f"六、其他需要报告的事项\n{narrative['六']}\n"
    )


def make_province(
    folder: Path | None, count: int, *, seed: int = 0, copy_share: float = 0.01, written: int | None = None
) -> Province:
    """``count`` reports of different units (the first ``written``, or all, written into ``folder`` unless None),
    ``copy_share`` of them a copy of an earlier unit's sections with its name replaced and up to a tenth of each
    section's sentences rewritten. The first n reports of a batch are the batch of n (same seed)."""
    rng = random.Random(seed)
    prose = _Prose(rng)
    city = CITY.read_text(encoding="utf-8")
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    out = Province([], [], [], [])
    for i in range(count):
        _, agency = _agency(i)
        if i >= 10 and rng.random() < copy_share:
            j = rng.randrange(i)
            while any(c == j for c, _, _ in out.planted):
                j = rng.randrange(i)  # a copy of an original, not of another copy
            narrative = _copied(out.sections[j], out.agencies[j], agency, prose, rng)
            out.planted.append((i, j, tuple(narrative)))
        else:
            narrative = _narrative(prose, rng, agency)
        out.sections.append(narrative)
        out.agencies.append(agency)
        path = (folder or Path(".")) / f"{i:05d}.txt"
        factor = rng.choice((1, 2, 3))  # drawn whether written or not: the same batch either way
        if folder is not None and (written is None or i < written):
            path.write_text(province_text(city, agency, narrative, factor), encoding="utf-8")
        out.files.append(path)
    return out


def province_report(narrative: dict[str, str]):
    """The Report that reading a generated report gives for its sections (the tables left out): its sketches are
    the read report's (the benchmark checks this on the files it reads)."""
    from schemas.report import Narrative, Report, Subsection

    lead, subsections = [], []
    for line in narrative["一"].split("\n"):
        head = next((h for h in _SUBHEADINGS if line.startswith(h)), None)
        if head is None:
            lead.append(line)
        else:
            subsections.append(Subsection(heading=head.rstrip("。"), text=line[len(head) :]))
    return Report(
        overview=Narrative(lead="\n".join(lead), subsections=subsections),
        problems=Narrative(lead=narrative["五"]),
        other_matters=Narrative(lead=narrative["六"]),
    )
