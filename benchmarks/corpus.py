"""A synthetic batch for the audit benchmark: copies of the shared sample reports, as text and as HTML.

Each copy gets another agency name (everywhere it appears) and its table numbers multiplied by 1, 2 or 3
(so consistent tables stay consistent); every fourth file is an HTML page with the pipe rows as <table> rows.
"""

from __future__ import annotations

import html
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "examples"
PLACES = ("东城", "西湖", "南山", "北林", "青河", "白沙", "金水", "石门", "云岭", "长宁", "安平", "临江")
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def samples() -> list[tuple[str, str]]:
    """(file name, text) of every shared sample report."""
    files = sorted(SHARED.rglob("*.txt"))
    if not files:
        raise SystemExit(f"没有找到示例年报：{SHARED}")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


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
        if line.strip() and not line.startswith("#"):
            parts.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def make_corpus(folder: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write ``count`` report files into ``folder``; their paths, in order."""
    rng = random.Random(seed)
    base = [(name, text, agency_of(text, name)) for name, text in samples()]
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
            path = folder / f"{stem}.txt"
            path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths
