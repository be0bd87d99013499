"""Evidence spreadsheets: an activity's sign-in sheet, in the attendance import's format (so it can be filled in and
imported back)."""

from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.core.spreadsheets import safe_cell
from thidua.evidence.importing import CODE, HEADERS, NAME, PRESENT


def write_attendance_sheet(activity, rows, handle: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Điểm danh")
    for letter, width in zip("ABCDE", (6, 16, 32, 40, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    title = WriteOnlyCell(sheet, value=safe_cell(f"{activity.title} – {activity.held_on:%d/%m/%Y}"))
    title.font = Font(bold=True)
    sheet.append([title])
    header = []
    for text in ("STT", HEADERS[CODE], HEADERS[NAME], "Đơn vị", HEADERS[PRESENT]):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for number, row in enumerate(rows, start=1):
        member = row.member
        sheet.append([number, safe_cell(member.code), safe_cell(member.full_name), safe_cell(member.unit.name),
                      "x" if row.present else ""])  # fmt: skip
    workbook.save(handle)
