"""An Excel (.xlsx) report → lines: every sheet in order, each non-empty row as a line of cell texts."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from decimal import Decimal

from app.importers.formats import Line, cell_text, clean
from app.importers.limits import MAX_COLUMNS, MAX_ROWS, MAX_SHEETS, check_zip
from app.importers.text import ReadError

# a one-cell row this long with several lines in it is text (a paragraph per line), not a table label
_CONTAINER_CHARS = 200


def read_xlsx(data: bytes) -> list[Line]:
    """The lines of an .xlsx workbook; ReadError when it is not a readable Excel file or holds more than a report
    could (app/importers/limits.py)."""
    check_zip(data, what="Excel")
    sheets = _read(data, data_only=False)
    if any(isinstance(v, _Formula) for grid in sheets for row in grid for v in row):
        # a formula's last computed value is kept apart from its text: a second reading gets it
        cached = _read(data, data_only=True)
        sheets = [_Resolver(grid, values).grid() for grid, values in zip(sheets, cached, strict=True)]
    lines: list[Line] = []
    for grid in sheets:
        lines += _sheet(grid)
    return lines


class _Formula(str):
    """A formula's text (「=SUM(D5:I5)」), told apart from a text cell that starts with 「=」."""


def _read(data: bytes, *, data_only: bool) -> list[list[list[object]]]:
    """Every sheet's cell values by row (row i, column j is Excel's row i+1, column j+1); with ``data_only``
    a formula's last computed value (None when the file holds none), else its text as a _Formula."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import XMLSyntaxError
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = _open(data, data_only=data_only)
    except (zipfile.BadZipFile, InvalidFileException, EOFError, zlib.error) as e:
        raise ReadError(f"Excel 文件已损坏或不完整，无法打开（{e}）") from None
    except KeyError as e:
        raise ReadError(f"Excel 文件缺少必要的部件（{e}），可能已损坏") from None
    except (XMLSyntaxError, ParseError) as e:
        raise ReadError(f"Excel 文件内容已损坏（XML 错误：{e}）") from None
    except MemoryError:
        raise  # the audit's memory budget: the file's row says so, not 「已损坏」
    except Exception as e:  # openpyxl's typed descriptors raise TypeError/ValueError … on malformed parts
        raise ReadError(f"Excel 文件内容已损坏，无法读取（{type(e).__name__}：{e}）") from None
    try:
        if len(workbook.worksheets) > MAX_SHEETS:
            raise ReadError(
                f"Excel 文件的工作表过多（{len(workbook.worksheets)} 个，上限 {MAX_SHEETS} 个），"
                "年报的表格一般在一两个工作表中：请删去与年报无关的工作表后再导入"
            )
        return [_values(sheet, data_only=data_only) for sheet in workbook.worksheets]
    except ReadError:
        raise
    except (zipfile.BadZipFile, EOFError, zlib.error) as e:
        raise ReadError(f"Excel 文件已损坏或不完整（{e}）") from None
    except (XMLSyntaxError, ParseError) as e:  # rows are parsed lazily: broken sheet XML surfaces only here
        raise ReadError(f"Excel 工作表内容已损坏（XML 错误：{e}）") from None
    except MemoryError:
        raise  # the audit's memory budget: the file's row says so, not 「已损坏」
    except Exception as e:  # as above, for the cells of a sheet
        raise ReadError(f"Excel 文件内容已损坏，无法读取（{type(e).__name__}：{e}）") from None
    finally:
        workbook.close()


def _open(data: bytes, *, data_only: bool):
    """The workbook in read-only mode, as ``openpyxl.load_workbook`` opens it, except that a sheet is not scanned
    for its size when it is opened: a sheet without a <dimension> would be parsed to its end (a sheet of 100,000
    rows: seconds), and the size is not used (the rows are read until MAX_ROWS, see _values)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            pass

    class Reader(ExcelReader):
        def read_worksheets(self) -> None:  # openpyxl's, for read-only mode (chart sheets have no cells)
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    ws = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                    ws.sheet_state = sheet.state
                    self.wb._sheets.append(ws)

    reader = Reader(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.read()
    return reader.wb


def _values(sheet, *, data_only: bool) -> list[list[object]]:
    """The sheet's values, at most MAX_ROWS rows of MAX_COLUMNS columns: the reading stops there (a sheet of a
    million rows costs no more than one of two thousand); ReadError when a cell past them holds something."""
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a wrong <dimension> (written by some tools) would cut rows short in read-only mode
    rows = []
    for n, row in enumerate(sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1), 1):
        if data_only:  # a formula whose last result was an empty text (t="str", no value) shows blank
            values = ["" if c.value is None and c.data_type == "str" else c.value for c in row]
        else:
            values = [_formula(c) if c.data_type == "f" else c.value for c in row]
        if n > MAX_ROWS and any(v not in (None, "") for v in values):
            raise ReadError(
                f"Excel 工作表「{sheet.title}」超过 {MAX_ROWS} 行（第 {n} 行还有内容），年报的表格一般不超过 200 行："
                "请删去与年报无关的行或工作表后再导入"
            )
        if any(v not in (None, "") for v in values[MAX_COLUMNS:]):
            raise ReadError(
                f"Excel 工作表「{sheet.title}」第 {n} 行超过 {MAX_COLUMNS} 列（第 {MAX_COLUMNS + 1} 列有内容），"
                "年报的表格一般不超过 20 列：请删去与年报无关的列或工作表后再导入"
            )
        rows.append(values[:MAX_COLUMNS])
    return rows[:MAX_ROWS]


def _formula(cell) -> _Formula:
    value = cell.value
    if isinstance(value, str):
        return _Formula(value)
    return _Formula(getattr(value, "text", None) or "=TABLE()")  # an array formula has a text; a data table none


_REF = r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})"
_TERM = re.compile(rf"{_REF}(?::{_REF})?")
_SUM = re.compile(rf"=SUM\(({_TERM.pattern}(?:,{_TERM.pattern})*)\)")
_ADDITION = re.compile(rf"={_REF}(?:\+{_REF})*")
_DEPTH = 50  # formulas worked out through formulas, at most this deep (a report's totals need 2)


class _Resolver:
    """A sheet's cells with every formula as the number it shows: its last computed value, or — when the file
    holds none (a file written by a program, never opened in Excel) — the sum it asks for when that is a plain
    SUM of cells or cells added up and every one of them holds a number. Any other formula stays its text, so a
    table cell holding it reads as not a number instead of as blank."""

    def __init__(self, grid: list[list[object]], cached: list[list[object]]) -> None:
        self.cells = grid
        self.cached = cached
        self.done: dict[tuple[int, int], int | float | Decimal | None] = {}
        self.depth = 0

    def kept(self, i: int, j: int) -> object:
        """The last computed value the file holds for cell (i, j), or None."""
        return self.cached[i][j] if i < len(self.cached) and j < len(self.cached[i]) else None

    def grid(self) -> list[list[object]]:
        return [[self.shown(i, j) for j in range(len(row))] for i, row in enumerate(self.cells)]

    def shown(self, i: int, j: int) -> object:
        value = self.cells[i][j]
        if not isinstance(value, _Formula):
            return value
        if (kept := self.kept(i, j)) is not None:
            return kept
        number = self.number(i, j)
        return str(value) if number is None else number

    def number(self, i: int, j: int) -> int | float | Decimal | None:
        """The number cell (i, j) shows, or None (blank, text, or a formula that cannot be worked out)."""
        if i >= len(self.cells) or j >= len(self.cells[i]):
            return None
        value = self.cells[i][j]
        if not isinstance(value, _Formula):
            return value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if (i, j) in self.done:
            return self.done[(i, j)]
        self.done[(i, j)] = None  # a formula that refers to itself, directly or not, has no value
        kept = self.kept(i, j)
        if kept is not None:
            number = kept if isinstance(kept, int | float) and not isinstance(kept, bool) else None
        elif self.depth < _DEPTH:
            self.depth += 1
            number = self._sum(value)
            self.depth -= 1
        else:
            number = None
        self.done[(i, j)] = number
        return number

    def _sum(self, formula: str) -> int | Decimal | None:
        if m := _SUM.fullmatch(formula):
            terms = [t.groups() for t in _TERM.finditer(m.group(1))]
        elif _ADDITION.fullmatch(formula):
            terms = [(col, row, None, None) for col, row in re.findall(_REF, formula)]
        else:
            return None
        total: int | Decimal = 0
        for col, row, last_col, last_row in terms:
            top, left = int(row) - 1, _column(col) - 1
            bottom = int(last_row) - 1 if last_row else top
            right = _column(last_col) - 1 if last_col else left
            for i in range(min(top, bottom), max(top, bottom) + 1):
                for j in range(min(left, right), max(left, right) + 1):
                    v = self.number(i, j)  # the first cell that is not a number ends the sum: no cell is guessed
                    if v is None:
                        return None
                    total += Decimal(repr(v)) if isinstance(v, float) else v
        return total


def _column(letters: str) -> int:
    """The 1-based number of the column named ``letters`` (A → 1, AA → 27)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


def _sheet(grid: list[list[object]]) -> list[Line]:
    rows: list[list[str]] = []
    for values in grid:
        cells = [cell_value(v) for v in values]
        if any(cells):
            rows.append(cells)
    width = max((max(i for i, c in enumerate(r) if c) + 1 for r in rows), default=0)
    lines: list[Line] = []
    for r in rows:
        r = (r + [""] * width)[:width]
        filled = [c for c in r if c]
        if len(filled) == 1 and "\n" in filled[0] and len(filled[0]) > _CONTAINER_CHARS:
            lines += [[clean(p)] for p in filled[0].split("\n")]  # a text block typed into one cell
        else:
            lines.append([cell_text(c.split("\n")) for c in r])
    return lines


def cell_value(value: object) -> str:
    """A cell's value as text: integral floats without ".0", no exponent notation, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
