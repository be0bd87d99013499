"""The registration list as a workbook (XLSX). Written in openpyxl's write-only mode (memory stays flat however many
rows); text a spreadsheet could run as a formula is neutralised (``core.spreadsheets.safe_cell``)."""

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from thidua.core.spreadsheets import column_letter, safe_cell
from thidua.movements.models import Registration

SHEET_NAME = "Đăng ký thi đua"
DATE_FORMAT = "DD/MM/YYYY"
COLUMNS = [
    ("STT", 6),
    ("Đối tượng", 10),
    ("Họ và tên / Tập thể", 30),
    ("Mã đoàn viên", 14),
    ("Đơn vị", 40),
    ("Danh hiệu đăng ký", 36),
    ("Nội dung cam kết", 60),
    ("Ngày đăng ký", 14),
    ("Kế hoạch", 20),
]


def registration_values(number: int, registration: Registration) -> list[Any]:
    """One row. The registration's member, unit and movement must be loaded (select_related)."""
    member = registration.member
    with translation.override("vi"):  # the file is Vietnamese whatever the interface language
        subject = str(registration.get_subject_display())
    return [
        number,
        subject,
        member.full_name if member else registration.unit.name,
        member.code if member else "",
        registration.unit.name,
        registration.title_name,
        registration.commitments,
        registration.registered_on,
        registration.movement.plan_number,
    ]


def write_registrations_xlsx(registrations: Iterable[Registration], handle: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    for index, (_header, width) in enumerate(COLUMNS):
        sheet.column_dimensions[column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for title, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for number, registration in enumerate(registrations, start=1):
        sheet.append([_cell(sheet, value) for value in registration_values(number, registration)])
    workbook.save(handle)


def _cell(sheet, value: Any) -> Any:
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.data_type = "s"  # never a formula, even when it starts with "="
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell
    return value
