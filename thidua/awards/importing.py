"""Import of past award history from XLSX or CSV.

File format (fixed Vietnamese headers; columns in any order, matched without regard to case or accents; a «STT»
column is ignored; «Họ và tên» and «Tên danh hiệu» are for people reading the file and are not imported):

- «Mã đoàn viên» for a person, or «Mã đơn vị» (the unit's number) for a collective — exactly one of them per row;
- «Năm» (year of the achievement), «Mã danh hiệu» (the code of a title or award form of the rule pack in force that
  year: ldtt, cstdcs, tt_ldtt …);
- optional «Số quyết định», «Ngày quyết định» (dd/mm/yyyy or a real date), «Cấp quyết định», «Ghi chú».

A row whose person/collective, year and title are already in the history updates the decision details when they
differ and is left alone otherwise: re-importing the same file writes nothing. The import is all-or-nothing: every
bad cell is reported with its row number and column letter, and nothing is written while any remains. Only people
and collectives in units where the user holds ``confer_awards`` can be imported.
"""

import contextlib
import datetime
import pathlib
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from thidua.awards.choices import RecordSource
from thidua.awards.eligibility import PackResolver
from thidua.awards.history import FIRST_YEAR
from thidua.awards.models import AwardRecord
from thidua.core.roles import Action
from thidua.core.spreadsheets import (
    SpreadsheetError,
    as_date,
    cell_is_empty,
    check_upload,
    column_letter,
    read_sheet,
    restore_cell,
    safe_cell,
)
from thidua.core.text import fold
from thidua.members.models import Member
from thidua.organizations.models import Unit
from thidua.rules.choices import Subject
from thidua.rules.selectors import RuleMissing

SHEET_NAME = "Khen thưởng"
PREVIEW_ROWS = 50
MAX_REPORTED_ERRORS = 500


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str = ""


COLUMNS = [
    Column("member", "Mã đoàn viên", "Mã của cá nhân được khen thưởng (để trống nếu là tập thể)."),
    Column("unit", "Mã đơn vị", "Số hiệu của tập thể được khen thưởng (để trống nếu là cá nhân)."),
    Column("year", "Năm", "Bắt buộc: năm thành tích, ví dụ 2023."),
    Column(
        "title", "Mã danh hiệu", "Bắt buộc: mã danh hiệu, hình thức trong bộ quy tắc áp dụng năm đó (ldtt, cstdcs …)."
    ),
    Column("number", "Số quyết định", "Ví dụ 12/QĐ-CĐS."),
    Column("decided_on", "Ngày quyết định", "Ngày/tháng/năm."),
    Column("issuer", "Cấp quyết định", "Ví dụ Ban Chấp hành Công đoàn Viên chức tỉnh."),
    Column("note", "Ghi chú"),
]
INFO_HEADERS = frozenset({"stt", "ho va ten", "ten danh hieu", "ten don vi"})
_BY_FOLDED = {fold(c.header): c for c in COLUMNS}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class RowError:
    row: int
    letter: str
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("Dòng {row}: {message}").format(row=self.row, message=self.message)
        return _("Dòng {row}, cột {letter} «{column}»: {message}").format(
            row=self.row, letter=self.letter, column=self.column, message=self.message)  # fmt: skip


@dataclass
class PreviewRow:
    row: int
    subject: str
    year: int
    title: str
    number: str
    action: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    preview: list[PreviewRow] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.error_count


class _Bad(Exception):
    pass


def history_import(*, user, path: pathlib.Path, filename: str, commit: bool) -> ImportResult:
    """Check an award-history file and, when ``commit`` and every row is valid, write it in one transaction."""
    path = pathlib.Path(path)
    refused = check_upload(size=path.stat().st_size, filename=filename, max_bytes=settings.THIDUA_IMPORT_MAX_BYTES)
    if refused:
        return ImportResult(errors=[RowError(0, "", "", refused)], error_count=1)
    importer = _Importer(user)
    try:
        sheet = read_sheet(path, filename=filename, sheet_name=SHEET_NAME)
        with transaction.atomic():
            importer.run(sheet)
            if importer.result.ok and commit:
                importer.write()
    except SpreadsheetError as error:
        return ImportResult(errors=[RowError(0, "", "", str(error))], error_count=1)
    result = importer.result
    result.committed = commit and result.ok
    return result


class _Importer:
    def __init__(self, user):
        self.user = user
        self.result = ImportResult()
        self.positions: dict[str, int] = {}
        self.letters: dict[str, str] = {}
        self.resolvers: dict[int, PackResolver] = {}
        self.creates: list[AwardRecord] = []
        self.updates: list[AwardRecord] = []
        self.last_year = timezone.localdate().year

    def error(self, row: int, key: str | None, message: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < MAX_REPORTED_ERRORS:
            column = next((c.header for c in COLUMNS if c.key == key), "") if key else ""
            self.result.errors.append(RowError(row, self.letters.get(key, "") if key else "", column, message))

    def run(self, sheet) -> None:
        rows = list(sheet.rows)
        wanted = fold("Mã danh hiệu")
        header = next(
            ((n, cells) for n, cells in rows[:20] if any(fold(str(x).strip()) == wanted for x in cells)), None
        )
        if header is None:
            self.error(0, None, _("Không tìm thấy dòng tiêu đề có cột «Mã danh hiệu»."))
            return
        number, cells = header
        for index, cell in enumerate(cells):
            text = fold(str(cell).strip()) if not cell_is_empty(cell) else ""
            letter = column_letter(sheet.first_column + index)
            if not text or text in INFO_HEADERS:
                continue
            column = _BY_FOLDED.get(text)
            if column is None:
                self.result.error_count += 1
                self.result.errors.append(RowError(number, letter, str(cell).strip(),
                                                   _("Cột này không có trong mẫu nhập.")))  # fmt: skip
            elif column.key in self.positions:
                self.result.error_count += 1
                self.result.errors.append(RowError(number, letter, column.header, _("Cột này bị lặp lại.")))
            else:
                self.positions[column.key] = index
                self.letters[column.key] = letter
        for key in ("year", "title"):
            if key not in self.positions:
                self.error(number, None, _("Thiếu cột «{column}» trong dòng tiêu đề.").format(
                    column=next(c.header for c in COLUMNS if c.key == key)))  # fmt: skip
        if "member" not in self.positions and "unit" not in self.positions:
            self.error(number, None, _("Cần cột «Mã đoàn viên» hoặc «Mã đơn vị»."))
        if not self.result.ok:
            return
        data = [(n, c) for n, c in rows if n > number and not all(cell_is_empty(x) for x in c)]
        self.result.rows = len(data)
        if not data:
            self.error(0, None, _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
            return
        members, units = self._subjects(data)
        existing = self._existing(members, units, data)
        seen: dict[tuple, int] = {}
        for n, cells in data:
            self._row(n, cells, members, units, existing, seen)

    def cell(self, cells: list, key: str) -> Any:
        index = self.positions.get(key)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return restore_cell(value.strip()) if isinstance(value, str) else value

    def _subjects(self, data) -> tuple[dict[str, Member], dict[int, Unit]]:
        codes = {str(self.cell(c, "member")).strip() for _n, c in data} - {""}
        ids = set()
        for _n, c in data:
            with contextlib.suppress(_Bad):
                ids.add(_int(self.cell(c, "unit")))
        members = {m.code: m for m in Member.objects.visible_to(self.user, Action.CONFER_AWARDS)
                   .filter(code__in=codes).select_related("unit")}  # fmt: skip
        units = {u.pk: u for u in Unit.objects.visible_to(self.user, Action.CONFER_AWARDS).filter(pk__in=ids - {None})}
        return members, units

    def _existing(self, members, units, data) -> dict[tuple, AwardRecord]:
        years = set()
        for _n, c in data:
            with contextlib.suppress(_Bad):
                years.add(_int(self.cell(c, "year")))
        qs = AwardRecord.objects.filter(year__in=years - {None})
        found = {}
        for r in qs.filter(member_id__in=[m.pk for m in members.values()]):
            found[("m", r.member_id, r.year, r.title_code)] = r
        for r in qs.filter(unit_id__in=list(units)):
            found[("u", r.unit_id, r.year, r.title_code)] = r
        return found

    def _title(self, year: int, unit: Unit, code: str):
        resolver = self.resolvers.get(year)
        if resolver is None:
            resolver = self.resolvers[year] = PackResolver(datetime.date(year, 12, 31))
        rules = resolver.for_path(unit.path)
        return rules.by_code.get(code), rules.pack

    def _row(self, n, cells, members, units, existing, seen) -> None:
        before = self.result.error_count
        member_code = str(self.cell(cells, "member")).strip()
        unit_value = self.cell(cells, "unit")
        member = unit = None
        if member_code and not cell_is_empty(unit_value):
            self.error(n, "unit", _("Chỉ ghi một trong hai: mã đoàn viên (cá nhân) hoặc mã đơn vị (tập thể)."))
        elif member_code:
            member = members.get(member_code)
            if member is None:
                self.error(n, "member", _("Không có đoàn viên mã «{code}» trong phạm vi bạn được ghi nhận khen "
                                          "thưởng.").format(code=member_code))  # fmt: skip
        elif not cell_is_empty(unit_value):
            try:
                unit = units.get(_int(unit_value))
            except _Bad as bad:
                self.error(n, "unit", str(bad))
            else:
                if unit is None:
                    self.error(n, "unit", _("Không có đơn vị số «{value}» trong phạm vi bạn được ghi nhận khen "
                                            "thưởng.").format(value=unit_value))  # fmt: skip
        else:
            self.error(n, "member", _("Cần ghi mã đoàn viên hoặc mã đơn vị."))
        year = None
        try:
            year = _int(self.cell(cells, "year"))
            if year is None:
                raise _Bad(_("Ô này không được để trống."))
            if not FIRST_YEAR <= year <= self.last_year:
                raise _Bad(_("Năm phải từ {first} đến {last}.").format(first=FIRST_YEAR, last=self.last_year))
        except _Bad as bad:
            self.error(n, "year", str(bad))
            year = None
        code = str(self.cell(cells, "title")).strip().lower()
        title = None
        if not code:
            self.error(n, "title", _("Ô này không được để trống."))
        elif year and (member or unit):
            scope_unit = member.unit if member else unit
            try:
                title, pack = self._title(year, scope_unit, code)
            except RuleMissing as error:
                self.error(n, "year", str(error))
            else:
                if title is None:
                    message = _("Mã «{code}» không có trong bộ quy tắc «{pack}» áp dụng năm {year}.")
                    self.error(n, "title", message.format(code=code, pack=pack.name, year=year))
                elif title.subject != (Subject.INDIVIDUAL if member else Subject.COLLECTIVE):
                    kind = _("cá nhân") if member else _("tập thể")
                    self.error(n, "title", _("«{name}» không phải danh hiệu, hình thức dành cho {kind}.").format(
                        name=title.name, kind=kind))  # fmt: skip
                    title = None
        decided_on = None
        try:
            decided_on = _date(self.cell(cells, "decided_on"))
            if decided_on and year and decided_on.year < year:
                raise _Bad(_("Ngày quyết định không thể trước năm thành tích {year}.").format(year=year))
        except _Bad as bad:
            self.error(n, "decided_on", str(bad))
        number = str(self.cell(cells, "number")).strip()[:60]
        issuer = str(self.cell(cells, "issuer")).strip()[:255]
        note = str(self.cell(cells, "note")).strip()[:255]
        if self.result.error_count != before or title is None:
            return
        key = ("m", member.pk, year, title.code) if member else ("u", unit.pk, year, title.code)
        if key in seen:
            self.error(n, "title", _("Trùng với dòng {row} trong tệp (cùng người/tập thể, năm và danh hiệu).").format(
                row=seen[key]))  # fmt: skip
            return
        seen[key] = n
        who = f"{member.full_name} ({member.code})" if member else unit.name
        record = existing.get(key)
        if record is not None:
            if (record.decision_number, record.decided_on, record.issuer_name, record.note) == (
                number,
                decided_on,
                issuer,
                note,
            ) or record.decision_id:
                self.result.unchanged += 1
                return
            record.decision_number, record.decided_on, record.issuer_name, record.note = (
                number,
                decided_on,
                issuer,
                note,
            )
            self.updates.append(record)
            self.result.updated += 1
            action = _("Cập nhật")
        else:
            self.creates.append(AwardRecord(
                member=member, unit=unit, scope_unit=member.unit if member else unit, year=year, title_code=title.code,
                title_name=title.name, thematic=title.thematic, decision_number=number, decided_on=decided_on,
                issuer_name=issuer, note=note, source=RecordSource.IMPORTED))  # fmt: skip
            self.result.created += 1
            action = _("Thêm mới")
        if len(self.result.preview) < PREVIEW_ROWS:
            self.result.preview.append(PreviewRow(n, who, year, title.name, number, action))

    def write(self) -> None:
        if self.creates:
            bulk_create_with_history(self.creates, AwardRecord, batch_size=1000)
        if self.updates:
            fields = ["decision_number", "decided_on", "issuer_name", "note"]
            bulk_update_with_history(self.updates, AwardRecord, fields, batch_size=1000)


def _int(value: Any) -> int | None:
    if cell_is_empty(value):
        return None
    if isinstance(value, bool):
        raise _Bad(_("«{value}» không phải số.").format(value=value))
    if isinstance(value, float):
        if value != int(value):
            raise _Bad(_("«{value}» không phải số nguyên.").format(value=value))
        return int(value)
    text = str(value).strip()
    if not text.isdigit():
        raise _Bad(_("«{value}» không phải số.").format(value=text))
    return int(text)


def _date(value: Any) -> datetime.date | None:
    if cell_is_empty(value):
        return None
    found = as_date(value)
    if found:
        return found
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _Bad(_("«{value}» không phải ngày; ghi theo dạng ngày/tháng/năm, ví dụ 15/01/2024.").format(value=text))


def write_template(handle: IO[bytes], *, titles: list) -> None:
    """The import template: the header row, and a sheet listing the title codes of the pack in force."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet.append(["STT", "Họ và tên"] + [c.header for c in COLUMNS])
    sheet.append([1, "Nguyễn Văn A", "HN0001", "", 2023, "ldtt", "12/QĐ-CĐS", "15/01/2024",
                  safe_cell("Ban Chấp hành công đoàn cơ sở"), ""])  # fmt: skip
    codes = book.create_sheet("Mã danh hiệu")
    codes.append(["Mã danh hiệu", "Tên", "Đối tượng"])
    for item in titles:
        codes.append([item.code, item.name, "Cá nhân" if item.subject == Subject.INDIVIDUAL else "Tập thể"])
    guide = book.create_sheet("Hướng dẫn")
    for column in COLUMNS:
        guide.append([column.header, column.help])
    book.save(handle)
