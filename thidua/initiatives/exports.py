"""Initiative workbooks: the list (the import's columns, so an export of full rows re-imports) with a sheet of
benefit totals per unit, and the import template. Cells that a spreadsheet could run as formulas are neutralised;
confidential initiatives the user may not read in full carry only their title, unit, status, benefit and award."""

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.spreadsheets import column_letter, safe_cell
from thidua.initiatives.choices import InitiativeField, RecognitionScope
from thidua.initiatives.importing import COLUMNS, SHEET_NAME
from thidua.initiatives.selectors import UnitBenefit

TOTALS_SHEET = "Tổng hợp theo đơn vị"
UNITS_SHEET = "Đơn vị"
HELP_SHEET = "Hướng dẫn"
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
EXTRA = ["Trạng thái"]  # after the import's columns: informational
_WIDTHS = {"title": 50, "unit_name": 40, "authors": 40, "problem": 60, "solution": 60, "application_scope": 30}
TOTAL_HEADERS = ["Mã đơn vị", "Đơn vị", "Số sáng kiến", "Đã công nhận", "Tiết kiệm dự kiến (đồng)",
                 "Tiết kiệm thực tế (đồng)", "Giờ công dự kiến", "Giờ công thực tế"]  # fmt: skip


def initiative_values(initiative, full: bool) -> list[Any]:
    """One row in COLUMNS order plus the status. ``full``: the user may read the whole initiative."""
    with translation.override("vi"):
        authors = "; ".join(f"{a.member.code}:{a.share:g}" for a in initiative.authors.all()) if full else ""
        values = {
            "title": initiative.title,
            "field": str(InitiativeField(initiative.field).label) if initiative.field else "",
            "unit": initiative.unit_id,
            "unit_name": initiative.unit.name,
            "authors": authors,
            "problem": initiative.problem if full else "",
            "solution": initiative.solution if full else "",
            "application_scope": initiative.application_scope if full else "",
            "applied_from": initiative.applied_from if full else None,
            "expected_money": initiative.expected_money,
            "expected_hours": initiative.expected_hours,
            "measured_money": initiative.measured_money,
            "measured_hours": initiative.measured_hours,
            "submitted_on": initiative.submitted_on,
            "recognised_scope": str(RecognitionScope(initiative.recognised_scope).label)
            if initiative.recognised_scope else "",
            "recognised_on": initiative.recognised_on,
            "decision_number": initiative.decision_number,
            "confidential": "x" if initiative.confidential else "",
        }  # fmt: skip
        status = str(initiative.get_status_display())
    return [values[c.key] for c in COLUMNS] + [status]


def write_initiatives_xlsx(rows: Iterable[tuple[Any, bool]], totals: list[UnitBenefit], handle: IO[bytes]) -> None:
    """``rows``: (initiative with unit and authors loaded, may the user read it in full). Write-only mode keeps
    memory flat whatever the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[column_letter(index)].width = _WIDTHS.get(column.key, 16)
    sheet.freeze_panes = "A2"
    sheet.append(_bold(sheet, [c.header for c in COLUMNS] + EXTRA))
    for initiative, full in rows:
        sheet.append([_cell(sheet, value) for value in initiative_values(initiative, full)])

    summary = workbook.create_sheet(TOTALS_SHEET)
    summary.column_dimensions["B"].width = 50
    for letter in "CDEFGH":
        summary.column_dimensions[letter].width = 18
    summary.append(_bold(summary, TOTAL_HEADERS))
    grand = [0, 0, 0, 0, 0, 0]
    for t in totals:
        numbers = [t.count, t.recognised, t.expected_money, t.measured_money, t.expected_hours, t.measured_hours]
        grand = [a + b for a, b in zip(grand, numbers, strict=True)]
        summary.append([t.unit_id, _cell(summary, t.unit_name), *[_cell(summary, n) for n in numbers]])
    summary.append(_bold(summary, ["", "Tổng cộng", *grand]))
    workbook.save(handle)


def write_import_template(units: Iterable[tuple[int, str]], handle: IO[bytes]) -> None:
    units = list(units)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = {
        "title": "Cải tiến quy trình tiếp nhận hồ sơ một cửa", "field": "Cải cách hành chính",
        "unit": units[0][0] if units else "", "unit_name": units[0][1] if units else "",
        "authors": "HN0001:60; HN0002:40", "problem": "Người dân phải đi lại nhiều lần vì hồ sơ thiếu giấy tờ.",
        "solution": "Niêm yết danh mục giấy tờ và hướng dẫn trước qua điện thoại.",
        "application_scope": "Bộ phận một cửa", "applied_from": datetime.date(2023, 3, 1),
        "expected_money": 12_000_000, "expected_hours": 240, "submitted_on": datetime.date(2023, 4, 10),
        "recognised_scope": "Cấp cơ sở", "recognised_on": datetime.date(2023, 6, 15), "decision_number": "12/QĐ-CĐS",
    }  # fmt: skip
    sheet.append([example.get(c.key, "") for c in COLUMNS])
    for index, column in enumerate(COLUMNS):
        letter = column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(column.key, 16)
        if isinstance(example.get(column.key), datetime.date):
            sheet[f"{letter}2"].number_format = DATE_FORMAT
    unit_sheet = workbook.create_sheet(UNITS_SHEET)
    unit_sheet.append(["Mã đơn vị", "Tên đơn vị"])
    for pk, name in units:
        unit_sheet.append([pk, safe_cell(name)])
    unit_sheet.column_dimensions["B"].width = 60
    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append(["Cột", "Cách ghi"])
    with translation.override("vi"):
        for column in COLUMNS:
            help_sheet.append([column.header, str(column.help)])
        help_sheet.append(["Lĩnh vực", "; ".join(str(label) for label in InitiativeField.labels)])
        help_sheet.append(["Phạm vi công nhận", "; ".join(str(label) for label in RecognitionScope.labels)])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 100
    workbook.save(handle)


def _bold(sheet, values) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _cell(sheet, value: Any) -> Any:
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.data_type = "s"  # never a formula
        return cell
    if value is not None and not isinstance(value, bool | int):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY_FORMAT
        return cell
    return value
