"""Member import from XLSX or CSV.

The file format (fixed Vietnamese headers, whatever the interface language, so a file works for everyone):

- One header row, then one member per row. The header is the first row that contains «Mã đoàn viên» within the first
  rows of the sheet (a title above it is skipped). Columns may come in any order; headers match without regard to
  case or accents; a «STT» column (row counter) is ignored; any other unknown header is an error.
- «Mã đoàn viên» identifies the member: a code already in the registry updates that member, a new code creates one.
  Re-importing the same file changes nothing.
- The unit: «Mã đơn vị» is the unit's number (listed on the «Đơn vị» sheet of the template and in exports). It is
  authoritative. «Tên đơn vị» is for people reading the file; when both are filled they must agree (so an edited name
  never silently moves anyone); when «Mã đơn vị» is empty the unit is looked up by its exact name, which must be
  unambiguous.
- Unit changes are not imported: a member already registered in another unit is an error that points to "chuyển sinh
  hoạt" (member_transfer keeps the transfer history and date). A code registered in a unit outside the user's scope is
  an error too: nobody is moved or edited behind another union's back.
- «Tình trạng» is informational (exports write it): empty or equal to the current status is accepted; a status change
  goes through the transfer/leave functions. A new member must be «Đang sinh hoạt» (or empty).
- Every row describes the member completely: an empty optional cell clears that detail. The preview lists each change
  before anything is written.
- Dates: real spreadsheet dates, or text dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd). Gender: Nam / Nữ.
  Party member: x or Có; empty or Không.

The import is all-or-nothing: rows are validated with the same rules as ``services.member_create`` and written in
batches inside one transaction that is rolled back when any cell is wrong (or when ``commit`` is False).
"""

import datetime
import functools
import logging
import pathlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from thidua.core.roles import Action
from thidua.core.spreadsheets import (
    SpreadsheetError,
    as_date,
    cell_is_empty,
    check_upload,
    column_letter,
    read_sheet,
    restore_cell,
)
from thidua.core.text import fold, normalize_name
from thidua.members.choices import Gender, MemberStatus
from thidua.members.models import Member
from thidua.members.services import _check_member
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit

logger = logging.getLogger(__name__)

SHEET_NAME = "Đoàn viên"
PREVIEW_ROWS = 50  # rows listed on the preview page for creations and for updates
MAX_REPORTED_ERRORS = 1000  # a file with more bad cells reports the first ones and the total
CHUNK_ROWS = 2000  # rows validated together (one query for their existing members)
BATCH_SIZE = 1000  # rows per INSERT/UPDATE statement
HEADER_SEARCH_ROWS = 20
IGNORED_HEADERS = frozenset({"stt"})
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
PARTY_YES = frozenset({"x", "co", "1", "true"})
PARTY_NO = frozenset({"", "khong", "0", "false"})


@dataclass(frozen=True)
class ImportColumn:
    """One column of the import/export file."""

    key: str  # the Member field it fills, or "unit_name" / "status"
    header: str  # the header text, in Vietnamese
    required: bool = True  # the header must be present (a cell may still be optional)
    help: str = ""  # (lazily translated) shown on the template's instructions sheet and the upload page


# The file format, in order. The template, the export and the import all use this list.
COLUMNS: list[ImportColumn] = [
    ImportColumn(
        "code", "Mã đoàn viên", help=gettext_lazy("Bắt buộc. Duy nhất toàn quốc; mã đã có thì cập nhật đoàn viên đó.")
    ),
    ImportColumn("full_name", "Họ và tên", help=gettext_lazy("Bắt buộc.")),
    ImportColumn("gender", "Giới tính", help=gettext_lazy("Bắt buộc: Nam hoặc Nữ.")),
    ImportColumn("date_of_birth", "Ngày sinh", help=gettext_lazy("Ngày/tháng/năm, ví dụ 25/03/1990.")),
    ImportColumn("union_joined_on", "Ngày vào công đoàn", help=gettext_lazy("Ngày/tháng/năm.")),
    ImportColumn(
        "is_party_member", "Đảng viên", help=gettext_lazy("x (hoặc Có) nếu là đảng viên; để trống nếu không.")
    ),
    ImportColumn("party_joined_on", "Ngày vào Đảng", help=gettext_lazy("Ngày/tháng/năm; chỉ ghi cho đảng viên.")),
    ImportColumn("job_title", "Chức vụ, công việc"),
    ImportColumn("unit", "Mã đơn vị", help=gettext_lazy("Bắt buộc: số hiệu đơn vị, xem trang «Đơn vị».")),
    ImportColumn(
        "unit_name",
        "Tên đơn vị",
        required=False,
        help=gettext_lazy("Để đọc cho dễ. Nếu ghi cả mã và tên thì phải khớp; nếu để trống mã thì tìm theo đúng tên."),
    ),
    ImportColumn("email", "Thư điện tử"),
    ImportColumn("phone", "Điện thoại"),
    ImportColumn(
        "status",
        "Tình trạng",
        required=False,
        help=gettext_lazy("Chỉ để xem. Đổi tình trạng bằng chức năng chuyển sinh hoạt hoặc thôi sinh hoạt."),
    ),
]
HEADERS = [c.header for c in COLUMNS]
_BY_KEY = {c.key: c for c in COLUMNS}
_BY_FOLDED_HEADER = {fold(c.header): c for c in COLUMNS}
# Member fields an import may change on an existing member (the code identifies it; the unit changes by transfer).
UPDATE_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "union_joined_on",
    "is_party_member",
    "party_joined_on",
    "job_title",
    "email",
    "phone",
)
# The derived columns to rewrite when a field they are computed from changes (Member.refresh_derived).
_DERIVED_FROM = {"full_name": ("sort_key", "search_text"), "email": ("search_text",), "phone": ("search_text",)}
# Fields the file does not fill: the import sets them itself (or resolves them in bulk), so they are not re-checked
# row by row (a foreign-key check would cost a query per row).
_NOT_FROM_FILE = ["id", "created_at", "updated_at", "unit", "user", "status", "status_changed_on", "sort_key",
                  "search_text"]  # fmt: skip
# A stand-in for an unresolved unit, so that the other member rules can still be checked on that row.
_NO_UNIT = Unit(kind=UnitKind.GRASSROOTS)


@dataclass(frozen=True)
class RowError:
    """A bad cell (or header, or file). ``row`` is the row number a spreadsheet program shows (header = 1; 0 for a
    problem with the whole file); ``column`` is the header text and ``letter`` the column letter ("C")."""

    row: int
    column: str
    message: str
    letter: str = ""

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("Dòng {row}: {message}").format(row=self.row, message=self.message)
        if not self.letter:
            return _("Dòng {row}, cột «{column}»: {message}").format(
                row=self.row, column=self.column, message=self.message
            )
        return _("Dòng {row}, cột {letter} «{column}»: {message}").format(
            row=self.row, letter=self.letter, column=self.column, message=self.message
        )


@dataclass(frozen=True)
class FieldChange:
    column: str
    old: str
    new: str


@dataclass
class PreviewRow:
    row: int
    code: str
    full_name: str
    unit: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ImportResult:
    """What an import did (``committed``) or would do. Counts cover the valid rows; nothing is written unless
    ``errors`` is empty. ``errors`` holds at most MAX_REPORTED_ERRORS entries; ``error_count`` is the total."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview_create: list[PreviewRow] = field(default_factory=list)
    preview_update: list[PreviewRow] = field(default_factory=list)
    committed: bool = False
    error_count: int = 0
    rows: int = 0  # data rows read (empty rows are skipped)

    @property
    def ok(self) -> bool:
        return not self.error_count


class _BadCell(Exception):
    pass


def member_import(*, user, path: pathlib.Path, filename: str, commit: bool) -> ImportResult:
    """Check a member file and, when ``commit`` is true and every row is valid, create and update the members in one
    transaction (with audit history). ``filename`` is the name the user uploaded (it gives the format)."""
    path = pathlib.Path(path)
    refused = check_upload(size=path.stat().st_size, filename=filename, max_bytes=settings.THIDUA_IMPORT_MAX_BYTES)
    if refused:
        return _file_error(refused)
    importer = _Importer(user=user, filename=filename, commit=commit)
    try:
        with transaction.atomic():
            importer.run(read_sheet(path, filename=filename, sheet_name=SHEET_NAME))
            if not importer.result.ok or not commit:
                transaction.set_rollback(True)
    except SpreadsheetError as error:
        return _file_error(str(error))
    except IntegrityError:
        logger.warning("member import of %s hit a concurrent change", filename, exc_info=True)
        return _file_error(_("Dữ liệu đoàn viên vừa được người khác thay đổi trong lúc nhập; hãy nhập lại tệp."))
    result = importer.result
    result.committed = commit and result.ok
    return result


def _file_error(message: str) -> ImportResult:
    return ImportResult(errors=[RowError(row=0, column="", message=message)], error_count=1)


@dataclass
class _Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)  # keys of the columns with an error


class _Importer:
    def __init__(self, *, user, filename: str, commit: bool):
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.commit = commit
        self.result = ImportResult()
        self.reason = _("Nhập từ tệp {name}").format(name=filename)[:100]
        self.now = timezone.now()
        self.positions: dict[str, int] = {}  # column key → index in the row
        self.letters: dict[str, str] = {}
        self.first_column = 0
        self.seen: dict[str, int] = {}  # member code → first row that has it
        self.pending: list[tuple[int, int, RowError]] = []  # errors of the current chunk: (row, column order, error)
        self.units_by_id: dict[int, Unit] = {}
        self.units_by_name: dict[str, list[Unit]] = {}
        with translation.override("vi"):
            self.genders = _choice_lookup(Gender)
            self.statuses = _choice_lookup(MemberStatus)
        self.parsers = {
            "code": _parse_text,
            "full_name": _parse_name,
            "gender": self._parse_gender,
            "date_of_birth": _parse_date,
            "union_joined_on": _parse_date,
            "is_party_member": _parse_party,
            "party_joined_on": _parse_date,
            "job_title": _parse_text,
            "unit": _parse_unit_id,
            "unit_name": _parse_text,
            "email": _parse_text,
            "phone": _parse_text,
            "status": self._parse_status,
        }

    # -- reading -------------------------------------------------------------------------------------------------

    def run(self, sheet) -> None:
        self.first_column = sheet.first_column
        rows = iter(sheet.rows)
        if not self._read_header(rows):
            return
        self._load_units()
        chunk: list[_Row] = []
        for number, cells in rows:
            if all(cell_is_empty(c) for c in cells):
                continue
            self.result.rows += 1
            chunk.append(self._parse(number, cells))
            if len(chunk) >= CHUNK_ROWS:
                self._process(chunk)
                chunk = []
        if chunk:
            self._process(chunk)
        if not self.result.rows and self.result.ok:
            self._error(0, None, _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
            self._flush_errors()

    def _read_header(self, rows) -> bool:
        code_header = fold(_BY_KEY["code"].header)
        first: tuple[int, list] | None = None
        header: tuple[int, list] | None = None
        for number, cells in rows:
            if all(cell_is_empty(c) for c in cells):
                if number >= HEADER_SEARCH_ROWS:
                    break
                continue
            first = first or (number, cells)
            if code_header in {_header_text(c) for c in cells}:
                header = (number, cells)
                break
            if number >= HEADER_SEARCH_ROWS:
                break
        if first is None:
            self._error(0, None, _("Tệp không có dữ liệu."))
            self._flush_errors()
            return False
        number, cells = header or first
        for index, cell in enumerate(cells):
            text = _header_text(cell)
            letter = column_letter(self.first_column + index)
            if not text or text in IGNORED_HEADERS:
                continue
            column = _BY_FOLDED_HEADER.get(text)
            if column is None:
                message = _("Cột này không có trong mẫu nhập; hãy xóa cột hoặc sửa tên cột.")
                self._error(number, None, message, column=str(cell).strip(), letter=letter, order=index)
            elif column.key in self.positions:
                self._error(number, column.key, _("Cột này bị lặp lại."), letter=letter, order=index)
            else:
                self.positions[column.key] = index
                self.letters[column.key] = letter
        for column in COLUMNS:
            if column.required and column.key not in self.positions:
                message = _("Thiếu cột «{column}» trong dòng tiêu đề.").format(column=column.header)
                self._error(number, column.key, message)
        if not self.result.ok:
            required = ", ".join(c.header for c in COLUMNS if c.required)
            optional = ", ".join(c.header for c in COLUMNS if not c.required)
            message = _("Dòng tiêu đề cần có các cột: {required} (có thể thêm: {optional}).")
            self._error(number, None, message.format(required=required, optional=optional))
            self._flush_errors()
            return False
        return True

    def _load_units(self) -> None:
        """Every unit where the user may change members: one query."""
        units = Unit.objects.visible_to(self.user, Action.CHANGE_MEMBERS).only("pk", "name", "kind", "closed_on")
        for unit in units:
            self.units_by_id[unit.pk] = unit
            self.units_by_name.setdefault(_unit_name_key(unit.name), []).append(unit)

    # -- one row ---------------------------------------------------------------------------------------------------

    def _cell(self, cells: list, key: str) -> Any:
        index = self.positions.get(key)
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    def _parse(self, number: int, cells: list) -> _Row:
        row = _Row(number)
        for key, parse in self.parsers.items():
            value = self._cell(cells, key)
            try:
                row.values[key] = parse(value)
            except _BadCell as bad:
                self._cell_error(row, key, str(bad))
        for key in ("code", "full_name", "gender"):
            if key not in row.bad and not row.values[key]:
                self._cell_error(row, key, _("Ô này không được để trống."))
        code = row.values.get("code")
        if code:
            if code in self.seen:
                message = _("Mã đoàn viên «{code}» trùng với dòng {row} trong tệp.")
                message = message.format(code=code, row=self.seen[code])
                self._cell_error(row, "code", message)
            else:
                self.seen[code] = number
        self._resolve_unit(row)
        return row

    def _parse_gender(self, value: Any) -> str:
        text = _parse_text(value)
        if not text:
            return ""
        gender = self.genders.get(_fold_word(text))
        if gender is None:
            raise _BadCell(_("«{value}» không phải giới tính; ghi «Nam» hoặc «Nữ».").format(value=text))
        return gender

    def _parse_status(self, value: Any) -> str | None:
        text = _parse_text(value)
        if not text:
            return None
        status = self.statuses.get(_fold_word(text))
        if status is None:
            with translation.override("vi"):
                labels = ", ".join(f"«{label}»" for label in MemberStatus.labels)
            message = _("«{value}» không phải tình trạng; ghi một trong: {labels}.")
            raise _BadCell(message.format(value=text, labels=labels))
        return status

    def _resolve_unit(self, row: _Row) -> None:
        unit_id, name = row.values.get("unit"), row.values.get("unit_name") or ""
        row.values["unit"] = None
        if "unit" in row.bad:
            return
        if unit_id is not None:
            unit = self.units_by_id.get(unit_id)
            if unit is None:
                message = _("Không có đơn vị mã {id} trong phạm vi bạn được quản lý đoàn viên.").format(id=unit_id)
                self._cell_error(row, "unit", message)
            elif name and _unit_name_key(name) != _unit_name_key(unit.name):
                message = _("Đơn vị mã {id} là «{unit}», không khớp với tên «{name}» ghi trong tệp.").format(
                    id=unit_id, unit=unit.name, name=name
                )
                self._cell_error(row, "unit_name", message)
            else:
                row.values["unit"] = unit
        elif name:
            matches = self.units_by_name.get(_unit_name_key(name), [])
            # A dissolved unit (or an agency) of the same name does not make an open union unit ambiguous.
            matches = [u for u in matches if u.is_open and u.kind != UnitKind.AGENCY] or matches
            if len(matches) == 1:
                row.values["unit"] = matches[0]
            elif matches:
                message = _("Có {count} đơn vị tên «{name}»; ghi «Mã đơn vị» để chọn đúng đơn vị.").format(
                    count=len(matches), name=name
                )
                self._cell_error(row, "unit_name", message)
            else:
                message = _("Không có đơn vị tên «{name}» trong phạm vi bạn được quản lý đoàn viên.").format(name=name)
                self._cell_error(row, "unit_name", message)
        else:
            self._cell_error(row, "unit", _("Ô này không được để trống."))

    # -- a chunk of rows against the database --------------------------------------------------------------------

    def _process(self, rows: list[_Row]) -> None:
        codes = [row.values["code"] for row in rows if row.values.get("code") and "code" not in row.bad]
        existing = {m.code: m for m in Member.objects.filter(code__in=codes)} if codes else {}
        creates: list[Member] = []
        updates: dict[tuple[str, ...], list[Member]] = {}  # changed fields → members
        for row in rows:
            member = existing.get(row.values.get("code")) if "code" not in row.bad else None
            if member is None:
                self._new_member(row, creates)
            else:
                self._existing_member(row, member, updates)
        self._flush_errors()
        if self.commit and self.result.ok:
            self._write(creates, updates)

    def _new_member(self, row: _Row, creates: list[Member]) -> None:
        values = row.values
        status = values.get("status")
        if status and status != MemberStatus.ACTIVE:
            self._cell_error(row, "status", _("Đoàn viên mới phải ở tình trạng «Đang sinh hoạt»."))
        member = Member(
            code=values.get("code") or "",
            unit=values.get("unit") or _NO_UNIT,
            **{f: values[f] for f in UPDATE_FIELDS if f in values and f not in row.bad},
        )
        self._validate(row, member)
        if row.bad:
            return
        self.result.created += 1
        creates.append(member)
        if len(self.result.preview_create) < PREVIEW_ROWS:
            self.result.preview_create.append(PreviewRow(row.number, member.code, member.full_name, member.unit.name))

    def _existing_member(self, row: _Row, member: Member, updates: dict[tuple[str, ...], list[Member]]) -> None:
        values = row.values
        current_unit = self.units_by_id.get(member.unit_id)
        if current_unit is None:
            message = _(
                "Mã đoàn viên «{code}» đã thuộc một đơn vị ngoài phạm vi bạn quản lý; không thể sửa hoặc chuyển "
                "đoàn viên này."
            ).format(code=member.code)
            self._cell_error(row, "code", message)
            return
        unit = values.get("unit")
        if unit is not None and unit.pk != member.unit_id:
            message = _(
                "Đoàn viên «{code}» đang sinh hoạt ở «{unit}». Đổi đơn vị bằng chức năng Chuyển sinh hoạt để giữ "
                "lịch sử."
            ).format(code=member.code, unit=current_unit.name)
            self._cell_error(row, "unit", message)
        status = values.get("status")
        if status and status != member.status:
            message = _(
                "Tình trạng hiện tại là «{status}»; đổi tình trạng bằng chức năng chuyển sinh hoạt hoặc thôi sinh hoạt."
            ).format(status=member.get_status_display())
            self._cell_error(row, "status", message)
        member.unit = current_unit
        old = {f: getattr(member, f) for f in UPDATE_FIELDS}
        for name in UPDATE_FIELDS:
            if name in values and name not in row.bad:
                setattr(member, name, values[name])
        changed = [f for f in UPDATE_FIELDS if getattr(member, f) != old[f]]
        if changed:
            self._validate(row, member)
        if row.bad:
            return
        if not changed:
            self.result.unchanged += 1
            return
        self.result.updated += 1
        updates.setdefault(tuple(changed), []).append(member)
        if len(self.result.preview_update) < PREVIEW_ROWS:
            changes = [
                FieldChange(_BY_KEY[f].header, _display(f, old[f]), _display(f, getattr(member, f))) for f in changed
            ]
            self.result.preview_update.append(
                PreviewRow(row.number, member.code, member.full_name, current_unit.name, changes)
            )

    def _validate(self, row: _Row, member: Member) -> None:
        """The rules of services.member_create. Uniqueness of the code is checked in bulk (the file against itself
        and against the registry), so the per-row uniqueness and foreign-key queries are skipped."""
        member.refresh_derived()
        messages: dict[str, list[str]] = {}
        for check in (self._clean_fields, _check_member):
            try:
                check(member)
            except ValidationError as error:
                for name, texts in error.message_dict.items():
                    messages.setdefault(name, []).extend(texts)
        for name, texts in messages.items():
            key = name if name in _BY_KEY else "code"
            if name == NON_FIELD_ERRORS:
                key = "code"
            if key in row.bad or (key == "unit" and member.unit is _NO_UNIT):
                continue
            for text in texts:
                self._cell_error(row, key, text)

    @staticmethod
    def _clean_fields(member: Member) -> None:
        member.full_clean(exclude=_NOT_FROM_FILE, validate_unique=False, validate_constraints=False)

    def _write(self, creates: list[Member], updates: dict[tuple[str, ...], list[Member]]) -> None:
        options = {"default_user": self.user, "default_change_reason": self.reason, "default_date": self.now}
        if creates:
            bulk_create_with_history(creates, Member, batch_size=BATCH_SIZE, **options)
        for changed, members in updates.items():
            fields = {*changed, "updated_at"}
            for name in changed:
                fields.update(_DERIVED_FROM.get(name, ()))
            for member in members:
                member.updated_at = self.now
            _update_columns(members, sorted(fields))
            # With no fields, the helper only records the history rows (of the values just written).
            bulk_update_with_history(members, Member, [], batch_size=BATCH_SIZE, **options)

    # -- errors ------------------------------------------------------------------------------------------------------

    def _cell_error(self, row: _Row, key: str, message: str) -> None:
        row.bad.add(key)
        self._error(row.number, key, message)

    def _error(
        self, number: int, key: str | None, message: str, *, column: str = "", letter: str = "", order: int = -1
    ) -> None:
        """Record an error; the errors of a chunk are reported in row order, then in the file's column order."""
        self.result.error_count += 1
        if key:
            column = column or _BY_KEY[key].header
            letter = letter or self.letters.get(key, "")
            order = order if order >= 0 else self.positions.get(key, len(COLUMNS))
        elif order < 0:
            order = 10**6  # a remark on the whole row or header comes after its cells
        self.pending.append((number, order, RowError(row=number, column=column, message=message, letter=letter)))

    def _flush_errors(self) -> None:
        room = MAX_REPORTED_ERRORS - len(self.result.errors)
        self.pending.sort(key=lambda item: item[:2])
        self.result.errors.extend(error for *_, error in self.pending[: max(room, 0)])
        self.pending = []


def _update_columns(members: list[Member], names: list[str]) -> None:
    """Write the named columns of the members: one ``UPDATE … FROM (VALUES …)`` per batch (PostgreSQL and SQLite).

    Django's bulk_update builds and compiles a CASE/WHEN expression for every row and column, about a millisecond
    each, which would make re-importing 100,000 changed rows take minutes. Only the changed columns are listed."""
    fields = [Member._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table = quote(Member._meta.db_table)
    postgres = connection.vendor == "postgresql"  # VALUES columns need their type there (NULL-only columns are text)
    sources = [f"v.column{i}" for i in range(2, len(fields) + 2)]  # column1 is the id
    if postgres:
        sources = [
            f"CAST({source} AS {field.db_type(connection)})" for source, field in zip(sources, fields, strict=True)
        ]
    assignments = ", ".join(f"{quote(field.column)} = {source}" for field, source in zip(fields, sources, strict=True))
    placeholders = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(members), BATCH_SIZE):
            batch = members[start : start + BATCH_SIZE]
            params: list[Any] = []
            for member in batch:
                params.append(member.pk)
                params.extend(field.get_db_prep_save(getattr(member, field.attname), connection) for field in fields)
            values = ", ".join([placeholders] * len(batch))
            # Identifiers come from the model's metadata; every value is a query parameter.
            sql = f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v WHERE {table}.id = v.column1"  # noqa: S608
            cursor.execute(sql, params)


# -- cell parsers ----------------------------------------------------------------------------------------------------


def _choice_lookup(choices) -> dict[str, str]:
    """Folded label (in Vietnamese) or value → value."""
    lookup = {fold(str(label)): value for value, label in choices.choices}
    lookup.update({fold(value): value for value in choices.values})
    return lookup


@functools.lru_cache(maxsize=256)
def _fold_word(text: str) -> str:
    """fold() for the few distinct words of the gender, party and status columns, cached."""
    return fold(text)


def _header_text(cell: Any) -> str:
    return fold(str(cell)).rstrip("* ").strip() if not cell_is_empty(cell) else ""


def _unit_name_key(name: str) -> str:
    return normalize_name(name).casefold()


def _parse_text(value: Any) -> str:
    if cell_is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    return restore_cell(str(value).strip())


def _parse_name(value: Any) -> str:
    return normalize_name(_parse_text(value))


def _parse_date(value: Any) -> datetime.date | None:
    if cell_is_empty(value):
        return None
    date = as_date(value)
    if date is not None:
        return date
    text = _parse_text(value)
    parts = text.split()
    if len(parts) == 2 and ":" in parts[1]:  # "25/03/1990 00:00:00" from some exports
        text = parts[0]
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match:  # the common case, without strptime's cost
        try:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    message = _("«{value}» không phải ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 25/03/1990.")
    raise _BadCell(message.format(value=text))


def _parse_party(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _parse_text(value)
    folded = _fold_word(text)
    if folded in PARTY_YES:
        return True
    if folded in PARTY_NO:
        return False
    message = _("«{value}» không hợp lệ; ghi «x» hoặc «Có» nếu là đảng viên, để trống hoặc «Không» nếu không phải.")
    raise _BadCell(message.format(value=text))


def _parse_unit_id(value: Any) -> int | None:
    if cell_is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _parse_text(value)
    if text.isdigit():
        return int(text)
    message = _("«{value}» không phải mã đơn vị; mã đơn vị là một số, xem trang «Đơn vị» của tệp mẫu.")
    raise _BadCell(message.format(value=text))


def _display(key: str, value: Any) -> str:
    """A value as the preview shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if key == "gender":
        return str(Gender(value).label)
    return str(value)
