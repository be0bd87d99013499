"""Spreadsheet helpers shared by every import and export: reading XLSX/CSV rows, formula-injection-safe cell values
and the XLSX download response.

Formula injection: a text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab/carriage return) may be run as
a formula by a spreadsheet program. Exports write such values with a leading apostrophe (``'=1+2``), the usual
neutralisation; imports remove exactly that one apostrophe again (:func:`restore_cell`), so an export re-imports to
the same value.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = (".xlsx", ".csv")
CSV_DELIMITERS = ",;\t"


def safe_cell(value: Any) -> Any:
    """The value to write into an exported cell: text that a spreadsheet would read as a formula gets a leading
    apostrophe; everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore_cell(text: str) -> str:
    """The inverse of :func:`safe_cell` for an imported text cell."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index: 0 → "A", 27 → "AB"."""
    return get_column_letter(index + 1)


class SpreadsheetError(Exception):
    """The file cannot be read at all; the message is user-facing."""


@dataclass
class Sheet:
    """Rows of the first (or named) sheet. ``rows`` yields (row number as shown by a spreadsheet program, cells);
    ``first_column`` is the 0-based index of the first cell of every row (XLSX ranges may start right of column A).
    """

    rows: Iterator[tuple[int, list[Any]]]
    first_column: int = 0


def file_extension(filename: str) -> str:
    return Path(filename).suffix.lower()


def check_upload(*, size: int, filename: str, max_bytes: int) -> str | None:
    """Why an upload is refused (a user-facing message), or None when it may be read."""
    if file_extension(filename) not in EXTENSIONS:
        return _("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv); tệp «{name}» không đúng định dạng.").format(name=filename)
    if size > max_bytes:
        return _("Tệp nặng {size} MB, vượt giới hạn {limit} MB.").format(
            size=round(size / 1024 / 1024, 1), limit=round(max_bytes / 1024 / 1024, 1)
        )
    if size == 0:
        return _("Tệp rỗng.")
    return None


def read_sheet(path: Path, *, filename: str, sheet_name: str | None = None) -> Sheet:
    """Open an XLSX (the sheet called ``sheet_name`` if there is one, else the first) or a UTF-8 CSV (with or
    without BOM; comma, semicolon or tab separated). Cells are str, float, bool, date or datetime; empty is ""."""
    if file_extension(filename) == ".csv":
        return Sheet(rows=_csv_rows(path))
    return _xlsx_sheet(path, sheet_name)


def _xlsx_sheet(path: Path, sheet_name: str | None) -> Sheet:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if sheet_name and sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
        else:
            sheet = workbook.get_sheet_by_index(0)
    except (CalamineError, IndexError, OSError) as error:
        raise SpreadsheetError(_("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")) from error
    if sheet.start is None:
        return Sheet(rows=iter(()))
    # calamine yields rows from the top of the sheet but columns from the first used one.
    return Sheet(rows=enumerate(sheet.iter_rows(), start=1), first_column=sheet.start[1])


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    row_number = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first_line = handle.readline()
            handle.seek(0)
            delimiter = max(CSV_DELIMITERS, key=first_line.count) if first_line else ","
            for row_number, row in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                yield row_number, row
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _("Tệp CSV phải được lưu với bảng mã UTF-8 (lỗi đọc sau dòng {row}).").format(row=row_number)
        ) from error
    except csv.Error as error:
        raise SpreadsheetError(_("Tệp CSV sai cấu trúc ở dòng {row}.").format(row=row_number + 1)) from error


def cell_is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_date(value: Any) -> datetime.date | None:
    """A real spreadsheet date, or None when the cell holds something else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def xlsx_response(write: Callable[[IO[bytes]], None], filename: str) -> FileResponse:
    """Stream a workbook to the browser. ``write`` saves it into a temporary file (spilled to disk when large), so
    a big export never sits in memory as one bytes object."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
