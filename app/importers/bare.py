"""表三 or 表四 whose labels were lost in copying: only its numbers are left, read in the official order when their
count is exactly the official one, else a PARSE error (nothing is fitted to cells by guesswork)."""

from __future__ import annotations

from app.importers.cells import Token, candidates
from app.importers.tables import TableRead
from app.importers.text import norm, parse_number
from schemas.findings import Rule, finding
from schemas.registry import (
    OTHER_HANDLING,
    OTHER_HANDLING_ROW,
    Row,
    cell_key,
    table,
    table3_rows,
)
from schemas.report import Cell


def _labels(version: str, table_id: str) -> frozenset[str]:
    """The labels whose presence means the table's labels were not lost (normalised): 表三's row labels and groups
    (its column headers may survive alone), every label and header of 表四 (its rows are named in its headers)."""
    spec = table(version, table_id)
    words = {r.label for r in spec.rows} | {r.group or "" for r in spec.rows}
    if table_id == "四":
        words |= {c.label for r in spec.rows for c in r.columns} | {
            c.parent or "" for r in spec.rows for c in r.columns
        }
    return frozenset(norm(w) for w in words if w)


def _values(lines: list[list[str]], version: str, table_id: str) -> list[Token] | None:
    """The value tokens of a table region that names none of the table's labels, or None when it names some."""
    known = _labels(version, table_id)
    values: list[Token] = []
    for cand in candidates(lines):
        if any(norm(lab) in known or any(k in norm(lab) for k in known if len(k) >= 4) for lab in cand.labels):
            return None
        values += [t for t in cand.values if t.kind in ("number", "text")]
    return values


def _shapes(version: str) -> dict[int, tuple[tuple[Row, ...], str]]:
    """Count of numbers → (表三's value rows in official order, how that order is named)."""
    full = tuple(r for r in table3_rows(version) if r.columns)
    if version == "2019":
        return {7 * len(full): (full, "2019年格式")}
    one_row = tuple(r for r in table3_rows(version, OTHER_HANDLING_ROW.cell_keys()) if r.columns)
    return {
        7 * len(full): (full, "2021年格式"),
        7 * len(one_row): (one_row, f"2021年格式，「{OTHER_HANDLING}」按2019年格式为一行"),
    }


def read_bare_table3(lines: list[list[str]], version: str, read: TableRead) -> TableRead | None:
    """表三 from a run of bare numbers when no row of it was read by its label; None when that does not apply."""
    if read.cells or any(f.rule == Rule.PARSE for f in read.findings) or not lines:
        return None
    values = _values(lines, version, "三")
    if not values:
        return None
    shapes = _shapes(version)
    out = TableRead(found=True)
    if len(values) not in shapes:
        wanted = "或".join(f"{n} 个" for n in sorted(shapes))
        out.findings.append(
            finding(
                Rule.PARSE,
                severity="error",
                table="三",
                message=f"表三的标签缺失，只有 {len(values)} 个数，官方格式应为 {wanted}，无法对应到单元格，均未读取，"
                "请核对原表",
            )
        )
        return out
    rows, shape = shapes[len(values)]
    cells = iter(values)
    for row in rows:
        for col in row.columns:
            tok = next(cells)
            out.cells[cell_key(row.id, col.id)] = Cell(value=parse_number(tok.raw), raw=tok.raw)
    out.findings.append(
        finding(
            Rule.PARSE,
            table="三",
            message=f"表三的标签缺失，按官方格式顺序读取了 {len(values)} 个数（{shape}，逐行、每行 7 个），"
            + _arithmetic_note("三", version, out.cells),
        )
    )
    return out


def check_bare_table4(lines: list[list[str]], version: str, read: TableRead) -> None:
    """表四 with no label left: exactly 15 numbers are read in the official order (said so); more is a PARSE error
    and nothing is read (fewer are run-together digits, already resolved or reported)."""
    values = _values(lines, version, "四") if lines else None
    if not values:
        return
    spec = table(version, "四")
    n = len(spec.cell_keys())
    if len(values) == n and read.cells:
        read.findings.append(
            finding(
                Rule.PARSE,
                table="四",
                message=f"表四的标签缺失，按官方格式顺序读取了 {n} 个数（行政复议、未经复议直接起诉、复议后起诉，"
                f"各为结果维持、结果纠正、其他结果、尚未审结、总计），" + _arithmetic_note("四", version, read.cells),
            )
        )
    elif len(values) > n:
        read.cells.clear()
        read.findings[:] = [
            finding(
                Rule.PARSE,
                severity="error",
                table="四",
                message=f"表四的标签缺失，有 {len(values)} 个数，官方格式应为 {n} 个，无法对应到单元格，均未读取，"
                "请核对原表",
            )
        ]


def _arithmetic_note(table_id: str, version: str, cells: dict[str, Cell]) -> str:
    from app.rules.tables import arithmetic_findings

    wrong = len(arithmetic_findings(table_id, version, cells))
    if not wrong:
        return "勾稽关系均成立"
    return f"按此顺序有 {wrong} 处勾稽关系不成立，请核对原表的顺序和数字"
