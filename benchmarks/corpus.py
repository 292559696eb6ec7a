"""A synthetic batch for the audit benchmark: copies of the repository's reports, as text and as HTML.

The samples: every text and Markdown report in SAMPLE_FOLDERS, and the county example reports exported as
Markdown. Each copy gets another agency name (everywhere it appears) and its table numbers multiplied by 1, 2 or 3
(so consistent tables stay consistent); every fourth file is an HTML page with the pipe rows as <table> rows.
"""

from __future__ import annotations

import html
import random
import re
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
