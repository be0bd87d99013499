"""Attendance import from XLSX or CSV (the sign-in sheet of a session, typed up or exported from another tool).

Format (Vietnamese headers, matched without regard to case or accents; the header is the first row holding «Mã đoàn
viên» within the first 20 rows; «STT» is ignored):

- «Mã đoàn viên» (required): the member, who must be an active member of the organising unit's subtree.
- «Họ và tên» (optional): for people reading the file; when filled it must be the member's name (so a code typed on
  the wrong line is caught).
- «Có mặt» (optional): x / Có / 1 → present, empty / Không / 0 → absent. Without the column everyone listed is
  present.

All-or-nothing: every row is checked first; one bad cell and nothing is written. Members not listed keep their mark.
"""

import pathlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.spreadsheets import (
    SpreadsheetError,
    cell_is_empty,
    check_upload,
    column_letter,
    read_sheet,
    restore_cell,
)
from thidua.core.text import fold
from thidua.evidence import services
from thidua.evidence.models import Activity
from thidua.members.importing import RowError

HEADER_SEARCH_ROWS = 20
CODE, NAME, PRESENT = "code", "full_name", "present"
HEADERS = {CODE: "Mã đoàn viên", NAME: "Họ và tên", PRESENT: "Có mặt"}
_BY_FOLDED = {fold(text): key for key, text in HEADERS.items()}
YES = frozenset({"x", "co", "1", "true", "co mat"})
NO = frozenset({"", "khong", "0", "false", "vang", "vang mat"})


@dataclass
class AttendanceImportResult:
    present: int = 0
    absent: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def attendance_import(*, activity: Activity, path: pathlib.Path, filename: str, by=None,
                      commit: bool = True) -> AttendanceImportResult:  # fmt: skip
    """Check the sheet and, when every row is right and ``commit`` is true, mark the attendance in one transaction."""
    result = AttendanceImportResult()
    refused = check_upload(size=pathlib.Path(path).stat().st_size, filename=filename,
                           max_bytes=settings.THIDUA_IMPORT_MAX_BYTES)  # fmt: skip
    if refused:
        result.errors.append(RowError(0, "", refused))
        return result
    try:
        sheet = read_sheet(pathlib.Path(path), filename=filename)
        marks = _read(activity, sheet, result)
    except SpreadsheetError as error:
        result.errors = [RowError(0, "", str(error))]
        return result
    if result.errors or not commit:
        return result
    try:
        with transaction.atomic():
            services.attendance_mark(activity=activity, present=[k for k, v in marks.items() if v],
                                     absent=[k for k, v in marks.items() if not v], by=by)  # fmt: skip
    except ValidationError as error:
        result.errors = [RowError(0, "", message) for message in error.messages]
        return result
    result.committed = True
    return result


def _text(value: Any) -> str:
    if cell_is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return restore_cell(str(value).strip())


def _read(activity: Activity, sheet, result: AttendanceImportResult) -> dict[int, bool]:
    rows = iter(sheet.rows)
    positions: dict[str, int] = {}
    header_row = 0
    for number, cells in rows:
        folded = [fold(_text(c)).rstrip("* ") for c in cells]
        if fold(HEADERS[CODE]) in folded:
            header_row = number
            for index, text in enumerate(folded):
                if text in _BY_FOLDED:
                    positions[_BY_FOLDED[text]] = index
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if not header_row:
        result.errors.append(RowError(0, "", _("Không tìm thấy dòng tiêu đề có cột «{column}».").format(
            column=HEADERS[CODE])))  # fmt: skip
        return {}
    letters = {key: column_letter(sheet.first_column + index) for key, index in positions.items()}
    members = {m.code: m for m in services.invitees(activity).only("pk", "code", "full_name")}
    seen: dict[str, int] = {}
    marks: dict[int, bool] = {}

    def error(row: int, key: str, message: str) -> None:
        result.errors.append(RowError(row, HEADERS[key], message, letters.get(key, "")))

    def cell(cells: list, key: str) -> Any:
        index = positions.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    for number, cells in rows:
        if all(cell_is_empty(c) for c in cells):
            continue
        code = _text(cell(cells, CODE))
        if not code:
            error(number, CODE, _("Thiếu mã đoàn viên."))
            continue
        if code in seen:
            error(number, CODE, _("Mã {code} đã có ở dòng {row}.").format(code=code, row=seen[code]))
            continue
        seen[code] = number
        member = members.get(code)
        if member is None:
            error(number, CODE, _("Không có đoàn viên đang sinh hoạt mã {code} trong «{unit}».").format(
                code=code, unit=activity.unit.name))  # fmt: skip
            continue
        name = _text(cell(cells, NAME))
        if name and fold(name) != fold(member.full_name):
            error(number, NAME, _("Mã {code} là của «{name}», không phải «{typed}».").format(
                code=code, name=member.full_name, typed=name))  # fmt: skip
            continue
        present = True
        if PRESENT in positions:
            value = cell(cells, PRESENT)
            folded = fold(_text(value)) if not isinstance(value, bool) else ("x" if value else "")
            if folded in YES:
                present = True
            elif folded in NO:
                present = False
            else:
                error(number, PRESENT, _("«{value}» không hợp lệ; ghi «x» nếu có mặt, để trống nếu vắng.").format(
                    value=_text(value)))  # fmt: skip
                continue
        marks[member.pk] = present
    if not marks and not result.errors:
        result.errors.append(RowError(0, "", _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")))
    result.present = sum(1 for v in marks.values() if v)
    result.absent = len(marks) - result.present
    return marks
