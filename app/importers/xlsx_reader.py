"""An Excel (.xlsx) report → lines: every sheet in order, each non-empty row as a line of cell texts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from decimal import Decimal

from app.importers.formats import Line, cell_text, clean
from app.importers.text import ReadError

# a one-cell row this long with several lines in it is text (a paragraph per line), not a table label
_CONTAINER_CHARS = 200


def read_xlsx(data: bytes) -> list[Line]:
    """The lines of an .xlsx workbook; ReadError when it is not a readable Excel file."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import XMLSyntaxError
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, EOFError, zlib.error) as e:
        raise ReadError(f"Excel 文件已损坏或不完整，无法打开（{e}）") from None
    except KeyError as e:
        raise ReadError(f"Excel 文件缺少必要的部件（{e}），可能已损坏") from None
    except (XMLSyntaxError, ParseError) as e:
        raise ReadError(f"Excel 文件内容已损坏（XML 错误：{e}）") from None
    except Exception as e:  # openpyxl's typed descriptors raise TypeError/ValueError … on malformed parts
        raise ReadError(f"Excel 文件内容已损坏，无法读取（{type(e).__name__}：{e}）") from None
    try:
        lines: list[Line] = []
        for sheet in workbook.worksheets:
            lines += _sheet(sheet)
    except (zipfile.BadZipFile, EOFError, zlib.error) as e:
        raise ReadError(f"Excel 文件已损坏或不完整（{e}）") from None
    except (XMLSyntaxError, ParseError) as e:  # rows are parsed lazily: broken sheet XML surfaces only here
        raise ReadError(f"Excel 工作表内容已损坏（XML 错误：{e}）") from None
    except Exception as e:  # as above, for the cells of a sheet
        raise ReadError(f"Excel 文件内容已损坏，无法读取（{type(e).__name__}：{e}）") from None
    finally:
        workbook.close()
    return lines


def _sheet(sheet) -> list[Line]:
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # a wrong <dimension> (written by some tools) would cut rows short in read-only mode
    rows: list[list[str]] = []
    for values in sheet.iter_rows(values_only=True):
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
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()
