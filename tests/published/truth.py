"""The hand-labelled truth of the real published corpus (expected.json) and how one reading is judged against it.

A reading is the object ``result_json(check_path(file))`` gives. Read by tests/test_published_corpus.py and by
benchmarks/reading.py; nothing here reads the corpus itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from schemas.registry import FORMAT_VERSIONS, cell_index, table

EXPECTED = Path(__file__).with_name("expected.json")
PATTERN_NOTES = frozenset({"cause", "reason"})  # what a pattern says about itself, not about the finding


def load(path: Path = EXPECTED) -> dict[str, dict]:
    """Corpus file (relative to the corpus folder) → its labels."""
    return json.loads(path.read_text(encoding="utf-8"))


def cell_name(cell: dict) -> str:
    """``表|row|column`` of a cell or a finding, as expected.json and tests/real_world name cells."""
    return f"{cell['table']}|{cell['row']}|{cell['column']}"


def number(raw: str) -> int | float | None:
    """The number a labelled raw text stands for; None for a blank, "/", "-" or any other text."""
    text = raw.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return None


def matches(pattern: dict, finding: dict) -> bool:
    """Whether ``finding`` fits ``pattern``: each key the pattern names (besides its cause and reason) is equal;
    ``row_prefix`` matches a row label the published text extended (a local row with its guidance)."""
    for key, want in pattern.items():
        if key in PATTERN_NOTES:
            continue
        if key == "row_prefix":
            if not (finding.get("row") or "").startswith(want):
                return False
        elif finding.get(key) != want:
            return False
    return True


def _place(table_id: str, key: str, version: str) -> tuple:
    """(row, column) of a cell key; a 2021 表三 filled with the 2019 single （六）其他处理 row keys it as 2019 does."""
    for v in (version, *FORMAT_VERSIONS):
        place = cell_index(v).get((table_id, key))
        if place:
            return place
    raise KeyError(f"{table_id} {key}")


def named_cells(finding: dict, version: str) -> set[str]:
    """The cells (``表|row|column``) a finding is about: the cells it lists, its row and column, every cell of its
    row or of its column; empty for a finding about no table cell."""
    table_id = finding.get("table")
    if not table_id:
        return set()
    if finding.get("cells"):
        places = [_place(table_id, key, version) for key in finding["cells"]]
        return {f"{table_id}|{row.label}|{col.label}" for row, col in places}
    row, column = finding.get("row"), finding.get("column")
    if row and column:
        return {f"{table_id}|{row}|{column}"}
    return {
        f"{table_id}|{r.label}|{c.label}"
        for r in table(version, table_id).rows
        for c in r.columns
        if row in (None, r.label) and column in (None, c.label)
    }


def cell_allowed(pattern: dict, name: str) -> bool:
    """Whether a CELL pattern (table, and row and column where it names them) covers the cell ``name``."""
    table_id, row, column = name.split("|")
    return (
        pattern["rule"] == "CELL"
        and pattern["table"] == table_id
        and pattern.get("row", row) == row
        and pattern.get("column", column) == column
    )


def error_allowed(finding: dict, patterns: list[dict], version: str) -> bool:
    """Whether an error finding is one the labels allow. A CELL error is judged by the cells it is about (it may
    name one cell or a whole blank row or column): each must be a cell the labels say is not a number."""
    if finding["rule"] == "CELL":
        cells = named_cells(finding, version)
        return bool(cells) and all(any(cell_allowed(p, c) for p in patterns) for c in cells)
    return any(matches(p, finding) for p in patterns)


def parse_named(findings: list[dict], version: str) -> set[str]:
    """The cells PARSE errors name: the cells they list, their row and column, or every cell of the row or
    table they name."""
    named: set[str] = set()
    for f in findings:
        if f["rule"] == "PARSE" and f["severity"] == "error":
            named |= named_cells(f, version)
    return named


@dataclass
class Judgement:
    """One file's reading against its labels."""

    labelled: int = 0
    read: int = 0  # labelled cells the reader reported
    wrong: dict[str, tuple[str, str]] = field(default_factory=dict)  # cell → (read raw/value, labelled raw)
    not_in_copy: dict[str, str] = field(default_factory=dict)  # cells reported that the copy does not hold
    unread_flagged: list[str] = field(default_factory=list)  # labelled, not read, named by a PARSE error
    unread_silent: list[str] = field(default_factory=list)  # labelled, not read, no PARSE error names them
    allowed_errors: list[dict] = field(default_factory=list)
    false_errors: list[dict] = field(default_factory=list)
    warnings: int = 0
    unlisted_warnings: list[dict] = field(default_factory=list)  # LABEL/PARSE warnings not judged true
    meta: dict[str, tuple] = field(default_factory=dict)  # field → (read, labelled) where they differ


def judge(reading: dict, truth: dict) -> Judgement:
    """How ``reading`` (result_json of one file) compares with ``truth`` (its entry in expected.json)."""
    j = Judgement(labelled=len(truth["cells"]))
    for key in ("agency", "year", "format_version"):
        if reading[key] != truth[key]:
            j.meta[key] = (reading[key], truth[key])
    got = {cell_name(c): c for c in reading["cells"]}
    findings = reading["findings"]
    flagged = parse_named(findings, truth["format_version"])
    for name, raw in truth["cells"].items():
        cell = got.get(name)
        if cell is None:
            (j.unread_flagged if name in flagged else j.unread_silent).append(name)
            continue
        j.read += 1
        if cell["raw"].strip() != raw.strip():
            j.wrong[name] = (cell["raw"], raw)
        elif cell["value"] != number(raw):
            j.wrong[name] = (f"{cell['raw']}（值 {cell['value']}）", raw)
    j.not_in_copy = {name: c["raw"] for name, c in got.items() if name not in truth["cells"]}
    for f in findings:
        if f["severity"] == "error":
            allowed = error_allowed(f, truth["allowed_errors"], truth["format_version"])
            (j.allowed_errors if allowed else j.false_errors).append(f)
        elif f["severity"] == "warning":
            j.warnings += 1
            if f["rule"] in ("LABEL", "PARSE") and not any(matches(p, f) for p in truth["true_warnings"]):
                j.unlisted_warnings.append(f)
    return j


def describe(findings: list[dict]) -> list[str]:
    """Findings as short lines for an assertion message."""
    return [
        f"{f['rule']} 表{f.get('table') or '-'} {f.get('row') or ''} {f.get('column') or ''}：{f['message']}"
        for f in findings
    ]
