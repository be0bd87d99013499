"""Member spreadsheets: the export (what the list shows) and the import template. Both use the import's COLUMNS, so
an export re-imports unchanged. Text that a spreadsheet could run as a formula is neutralised (core.spreadsheets)."""

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.spreadsheets import column_letter, safe_cell
from thidua.members.choices import Gender
from thidua.members.importing import COLUMNS, SHEET_NAME
from thidua.members.models import Member

UNITS_SHEET = "Đơn vị"
HELP_SHEET = "Hướng dẫn"
DATE_FORMAT = "DD/MM/YYYY"
_WIDTHS = {"code": 14, "full_name": 28, "job_title": 24, "unit_name": 40, "email": 28, "phone": 14, "status": 18}
_EXAMPLE = {
    "code": "VD000001",
    "full_name": "Nguyễn Thị Mai Anh",
    "gender": Gender.FEMALE,
    "date_of_birth": datetime.date(1990, 3, 25),
    "union_joined_on": datetime.date(2015, 7, 1),
    "is_party_member": True,
    "party_joined_on": datetime.date(2018, 5, 19),
    "job_title": "Chuyên viên",
    "email": "mai.anh@example.vn",
    "phone": "0912345678",
}


def member_values(member: Member) -> list[Any]:
    """One export row, in COLUMNS order. The member's unit must be loaded (select_related)."""
    with translation.override("vi"):  # the file format is Vietnamese whatever the interface language
        values = {
            "code": member.code,
            "full_name": member.full_name,
            "gender": str(Gender(member.gender).label) if member.gender else "",
            "date_of_birth": member.date_of_birth,
            "union_joined_on": member.union_joined_on,
            "is_party_member": "x" if member.is_party_member else "",
            "party_joined_on": member.party_joined_on,
            "job_title": member.job_title,
            "unit": member.unit_id,
            "unit_name": member.unit.name,
            "email": member.email,
            "phone": member.phone,
            "status": str(member.get_status_display()),
        }
    return [values[c.key] for c in COLUMNS]


def write_members_xlsx(members: Iterable[Member], handle: IO[bytes]) -> None:
    """Write the members (any iterable: pass ``queryset.iterator()`` for big exports) as an importable workbook.
    openpyxl's write-only mode keeps memory flat whatever the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    _set_widths(sheet)
    sheet.freeze_panes = "A2"
    sheet.append(_header_cells(sheet))
    for member in members:
        sheet.append([_cell(sheet, value) for value in member_values(member)])
    workbook.save(handle)


def write_import_template(units: Iterable[tuple[int, str]], handle: IO[bytes]) -> None:
    """The import template: the header row and one example row, a sheet listing the units the user may import
    into (``units``: id and name pairs, in the order to list them), and a sheet explaining each column."""
    units = list(units)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    example = dict(_EXAMPLE)
    if units:
        example.update(unit=units[0][0], unit_name=units[0][1])
    sheet.append([_template_value(c.key, example.get(c.key)) for c in COLUMNS])
    for index, column in enumerate(COLUMNS):
        letter = column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(column.key, 16)
        if isinstance(example.get(column.key), datetime.date):
            sheet[f"{letter}2"].number_format = DATE_FORMAT
    _add_choices(sheet, "gender", [str(label) for label in _vi_labels(Gender)])
    _add_choices(sheet, "is_party_member", ["x", ""])
    sheet.freeze_panes = "A2"

    unit_sheet = workbook.create_sheet(UNITS_SHEET)
    unit_sheet.append([_header("unit"), _header("unit_name")])
    for cell in unit_sheet[1]:
        cell.font = Font(bold=True)
    for pk, name in units:
        unit_sheet.append([pk, name])
    unit_sheet.column_dimensions["A"].width = 12
    unit_sheet.column_dimensions["B"].width = 60

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append(["Cột", "Cách ghi"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.header, str(column.help)])
    help_sheet.column_dimensions["A"].width = 22
    help_sheet.column_dimensions["B"].width = 100
    workbook.save(handle)


def _vi_labels(choices) -> list[str]:
    with translation.override("vi"):
        return [str(label) for label in choices.labels]


def _template_value(key: str, value: Any) -> Any:
    if key == "gender" and value:
        with translation.override("vi"):
            return str(Gender(value).label)
    if key == "is_party_member":
        return "x" if value else ""
    return "" if value is None else value


def _header(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def _header_cells(sheet) -> list[WriteOnlyCell]:
    cells = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _set_widths(sheet) -> None:
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[column_letter(index)].width = _WIDTHS.get(column.key, 16)


def _cell(sheet, value: Any) -> Any:
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.data_type = "s"  # never a formula, even if it starts with "="
        return cell
    return value


def _add_choices(sheet, key: str, options: list[str]) -> None:
    index = next(i for i, c in enumerate(COLUMNS) if c.key == key)
    letter = column_letter(index)
    validation = DataValidation(
        type="list", formula1='"{}"'.format(",".join(o for o in options if o)), allow_blank=True
    )
    validation.add(f"{letter}2:{letter}10000")
    sheet.add_data_validation(validation)
