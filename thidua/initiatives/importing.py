"""Initiative import from XLSX or CSV (historical records, e.g. from the national online system).

One header row (the first row containing «Tên sáng kiến» among the first rows), then one initiative per row; columns in
any order, headers matched without regard to case or accents, «STT» ignored. Each row creates a submitted initiative
(recognised as well when the three recognition columns are filled), with its authors:

- «Tác giả»: member codes with their shares, «HN0001:60; HN0002:40»; a single code means 100%.
- «Mã đơn vị»: the unit where it was submitted (a unit where the user reviews initiatives).
- Dates dd/mm/yyyy (or real spreadsheet dates); amounts in đồng; «Bảo mật»: x or empty.

All-or-nothing: every row is checked with the services' rules inside one transaction, rolled back when any cell is
wrong or when ``commit`` is false. Errors name the row and the column as a spreadsheet shows them. A row identical to
an initiative already recorded (same title, unit and submission date) is refused, so a file imported twice does not
create everything twice.
"""

import datetime
import pathlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from thidua.core.text import fold
from thidua.initiatives import services
from thidua.initiatives.choices import DecisionOutcome, InitiativeField, InitiativeStatus, RecognitionScope
from thidua.initiatives.models import Initiative, InitiativeDecision
from thidua.members.models import Member
from thidua.organizations.models import Unit

SHEET_NAME = "Sáng kiến"
HEADER_SEARCH_ROWS = 20
MAX_REPORTED_ERRORS = 500
PREVIEW_ROWS = 50
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
YES = frozenset({"x", "co", "1", "true"})
NO = frozenset({"", "khong", "0", "false"})


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False  # the header must be present
    help: object = ""


COLUMNS = [
    Column("title", "Tên sáng kiến", True, gettext_lazy("Bắt buộc.")),
    Column("field", "Lĩnh vực", True, gettext_lazy("Bắt buộc, một trong các lĩnh vực ở trang «Hướng dẫn».")),
    Column("unit", "Mã đơn vị", True, gettext_lazy("Bắt buộc: số hiệu đơn vị nộp, xem trang «Đơn vị».")),
    Column("unit_name", "Tên đơn vị", False, gettext_lazy("Để đọc cho dễ; nếu ghi thì phải khớp với mã.")),
    Column(
        "authors",
        "Tác giả",
        True,
        gettext_lazy(
            "Bắt buộc: mã đoàn viên:tỷ lệ, cách nhau bởi dấu chấm phẩy, ví dụ HN0001:60; HN0002:40. Một mã: 100%."
        ),
    ),
    Column("problem", "Thực trạng, vấn đề", True, gettext_lazy("Bắt buộc.")),
    Column("solution", "Nội dung, giải pháp", True, gettext_lazy("Bắt buộc.")),
    Column("application_scope", "Phạm vi áp dụng"),
    Column("applied_from", "Ngày bắt đầu áp dụng", help=gettext_lazy("Ngày/tháng/năm.")),
    Column("expected_money", "Tiết kiệm dự kiến (đồng)"),
    Column("expected_hours", "Giờ công dự kiến"),
    Column("measured_money", "Tiết kiệm thực tế (đồng)"),
    Column("measured_hours", "Giờ công thực tế"),
    Column("submitted_on", "Ngày nộp", True, gettext_lazy("Bắt buộc, ngày/tháng/năm.")),
    Column(
        "recognised_scope",
        "Phạm vi công nhận",
        help=gettext_lazy("Cấp cơ sở / Cấp bộ, ngành, tỉnh / Toàn quốc; để trống nếu chưa công nhận."),
    ),
    Column("recognised_on", "Ngày công nhận"),
    Column("decision_number", "Số quyết định"),
    Column("confidential", "Bảo mật", help=gettext_lazy("x nếu bảo mật.")),
]
HEADERS = [c.header for c in COLUMNS]
_BY_FOLDED = {fold(c.header): c for c in COLUMNS}
_BY_KEY = {c.key: c for c in COLUMNS}
_AUTHOR = re.compile(r"^\s*([^:\s]+)\s*(?::\s*([\d.,]+)\s*%?)?\s*$")


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it (0: the whole file)
    column: str
    message: str
    letter: str = ""

    def __str__(self) -> str:
        if not self.row:
            return self.message
        return _("Dòng {row}, cột {letter} «{column}»: {message}").format(
            row=self.row, letter=self.letter, column=self.column, message=self.message
        )


@dataclass
class PreviewRow:
    row: int
    title: str
    unit: str
    authors: str
    status: str


@dataclass
class ImportResult:
    created: int = 0
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


def _choice_lookup(choices) -> dict[str, str]:
    with translation.override("vi"):
        lookup = {fold(str(label)): value for value, label in choices.choices}
    lookup.update({fold(value): value for value in choices.values})
    return lookup


FIELDS = _choice_lookup(InitiativeField)
SCOPES = {**_choice_lookup(RecognitionScope), "co so": RecognitionScope.GRASSROOTS, "tinh": "province_sector",
          "toan quoc": RecognitionScope.NATIONAL}  # fmt: skip


def _text(value: Any) -> str:
    if cell_is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    return restore_cell(str(value).strip())


def _date(value: Any) -> datetime.date | None:
    if cell_is_empty(value):
        return None
    date = as_date(value)
    if date is not None:
        return date
    text = _text(value).split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _Bad(_("«{value}» không phải ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 25/03/2023.").format(
        value=_text(value)))  # fmt: skip


def _plain_number(text: str) -> str:
    """ "12.000.000" and "12,000,000" → "12000000"; "12,5" and "12.5" → "12.5" (Vietnamese and English habits)."""
    if "," in text and "." in text:
        return text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    for mark in (",", "."):
        if mark in text:
            groups = text.split(mark)
            if len(groups) > 2 or len(groups[-1]) == 3:
                return text.replace(mark, "")
            return text.replace(mark, ".")
    return text


def _number(value: Any) -> Decimal | None:
    if cell_is_empty(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = _plain_number(_text(value).replace(" ", ""))
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _Bad(_("«{value}» không phải là số.").format(value=_text(value))) from None
    if number < 0:
        raise _Bad(_("Không được âm."))
    return number


class _Importer:
    def __init__(self, *, user):
        self.user = user
        self.result = ImportResult()
        self.positions: dict[str, int] = {}
        self.letters: dict[str, str] = {}
        self.first_column = 0
        self.units = {u.pk: u for u in Unit.objects.visible_to(user, Action.REVIEW_INITIATIVE).open()}
        self.seen: set[tuple] = set()

    def error(self, row: int, key: str | None, message: str, *, header: str = "", letter: str = "") -> None:
        self.result.error_count += 1
        if len(self.result.errors) < MAX_REPORTED_ERRORS:
            column = _BY_KEY[key].header if key else header
            self.result.errors.append(RowError(row, column, message, letter or self.letters.get(key or "", "")))

    def run(self, sheet) -> None:
        self.first_column = sheet.first_column
        rows = iter(sheet.rows)
        if not self.header(rows):
            return
        for number, cells in rows:
            if all(cell_is_empty(c) for c in cells):
                continue
            self.result.rows += 1
            self.row(number, cells)
        if not self.result.rows and self.result.ok:
            self.error(0, None, _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))

    def header(self, rows) -> bool:
        wanted = fold(_BY_KEY["title"].header)
        for number, cells in rows:
            texts = [fold(_text(c)) for c in cells]
            if wanted in texts:
                for index, text in enumerate(texts):
                    letter = column_letter(self.first_column + index)
                    if not text or text == "stt":
                        continue
                    column = _BY_FOLDED.get(text)
                    if column is None:
                        self.error(number, None, _("Cột này không có trong mẫu nhập."), header=_text(cells[index]),
                                   letter=letter)  # fmt: skip
                    elif column.key in self.positions:
                        self.error(number, column.key, _("Cột này bị lặp lại."), letter=letter)
                    else:
                        self.positions[column.key] = index
                        self.letters[column.key] = letter
                for column in COLUMNS:
                    if column.required and column.key not in self.positions:
                        self.error(number, None, _("Thiếu cột «{column}».").format(column=column.header))
                return self.result.ok
            if number >= HEADER_SEARCH_ROWS:
                break
        self.error(0, None, _("Không tìm thấy dòng tiêu đề có cột «Tên sáng kiến»; hãy dùng tệp mẫu."))
        return False

    def cell(self, cells, key: str) -> Any:
        index = self.positions.get(key)
        return "" if index is None or index >= len(cells) else cells[index]

    def row(self, number: int, cells: list) -> None:
        values: dict[str, Any] = {}
        bad = False
        parsers = {"title": _text, "field": self.field, "unit": self.unit, "unit_name": _text, "authors": _text,
                   "problem": _text, "solution": _text, "application_scope": _text, "applied_from": _date,
                   "expected_money": _number, "expected_hours": _number, "measured_money": _number,
                   "measured_hours": _number, "submitted_on": _date, "recognised_scope": self.scope,
                   "recognised_on": _date, "decision_number": _text, "confidential": self.flag}  # fmt: skip
        for key, parse in parsers.items():
            try:
                values[key] = parse(self.cell(cells, key))
            except _Bad as problem:
                self.error(number, key, str(problem))
                bad = True
        for key in ("title", "field", "unit", "authors", "problem", "solution", "submitted_on"):
            if key in values and not values[key]:
                self.error(number, key, _("Không được để trống."))
                bad = True
        unit = values.get("unit")
        if unit and values.get("unit_name") and fold(values["unit_name"]) != fold(unit.name):
            message = _("Không khớp với mã đơn vị {pk} ({name}).").format(pk=unit.pk, name=unit.name)
            self.error(number, "unit_name", message)
            bad = True
        recognition = [values.get(k) for k in ("recognised_scope", "recognised_on", "decision_number")]
        if any(recognition) and not all(recognition):
            message = _("Ghi đủ phạm vi, ngày và số quyết định công nhận, hoặc để trống cả ba.")
            self.error(number, "recognised_scope", message)
            bad = True
        if bad or unit is None:
            return
        authors = self.authors(number, values["authors"], unit)
        if authors is None:
            return
        key = (fold(values["title"]), unit.pk, values["submitted_on"])
        if key in self.seen or Initiative.objects.filter(unit=unit, title=values["title"],
                                                         submitted_on=values["submitted_on"]).exists():  # fmt: skip
            self.error(number, "title", _("Sáng kiến này (cùng tên, đơn vị, ngày nộp) đã có."))
            return
        self.seen.add(key)
        self.create(number, values, unit, authors)

    def field(self, value) -> str:
        text = _text(value)
        if not text:
            return ""
        found = FIELDS.get(fold(text))
        if found is None:
            raise _Bad(_("Lĩnh vực «{value}» không có trong danh mục.").format(value=text))
        return found

    def scope(self, value) -> str:
        text = _text(value)
        if not text:
            return ""
        found = SCOPES.get(fold(text))
        if found is None:
            raise _Bad(_("Phạm vi «{value}» không hợp lệ; ghi Cấp cơ sở, Cấp bộ, ngành, tỉnh hoặc Toàn quốc.").format(
                value=text))  # fmt: skip
        return found

    def flag(self, value) -> bool:
        if isinstance(value, bool):
            return value
        folded = fold(_text(value))
        if folded in YES:
            return True
        if folded in NO:
            return False
        raise _Bad(_("Ghi «x» nếu bảo mật, để trống nếu không."))

    def unit(self, value) -> Unit | None:
        text = _text(value)
        if not text:
            return None
        if not text.isdigit() or int(text) not in self.units:
            raise _Bad(_("Không có đơn vị mã {value} trong phạm vi bạn xét sáng kiến.").format(value=text))
        return self.units[int(text)]

    def authors(self, number: int, text: str, unit: Unit) -> list[tuple[Member, Decimal]] | None:
        parsed = []
        for part in [p for p in re.split(r"[;\n]+", text) if p.strip()]:
            match = _AUTHOR.match(part)
            if match is None:
                self.error(number, "authors", _("«{part}» sai dạng; ghi mã:tỷ lệ, ví dụ HN0001:60.").format(part=part))
                return None
            share = match.group(2)
            parsed.append((match.group(1), Decimal(share.replace(",", ".")) if share else None))
        if len(parsed) == 1 and parsed[0][1] is None:
            parsed = [(parsed[0][0], Decimal(100))]
        review_unit = services.default_review_unit(unit)
        members = {m.code: m for m in Member.objects.filter(code__in=[c for c, _ in parsed],
                                                            unit__path__startswith=review_unit.path)
                   .select_related("unit")}  # fmt: skip
        missing = [c for c, _ in parsed if c not in members]
        if missing:
            self.error(number, "authors", _("Không có đoàn viên {codes} trong {unit}.").format(
                codes=", ".join(missing), unit=review_unit.name))  # fmt: skip
            return None
        if any(share is None for _, share in parsed):
            self.error(number, "authors", _("Có nhiều tác giả thì ghi tỷ lệ của từng người."))
            return None
        return [(members[c], share) for c, share in parsed]

    def create(self, number: int, values: dict, unit: Unit, authors) -> None:
        content = {k: values[k] for k in services.CONTENT_FIELDS if k in values and values[k] is not None}
        try:
            with transaction.atomic():
                initiative = services.initiative_create(unit=unit, authors=authors, by=None, **content)
                initiative = services.initiative_submit(initiative=initiative, on=values["submitted_on"])
                if values["recognised_scope"]:
                    self.recognise(initiative, values)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.error(number, key if key in _BY_KEY else None, message,
                               header="" if key in _BY_KEY else _("Dòng"))  # fmt: skip
            return
        self.result.created += 1
        if len(self.result.preview) < PREVIEW_ROWS:
            names = ", ".join(f"{m.full_name} ({share:g}%)" for m, share in authors)
            self.result.preview.append(PreviewRow(number, initiative.title, unit.name, names,
                                                  initiative.get_status_display()))  # fmt: skip

    def recognise(self, initiative: Initiative, values: dict) -> None:
        if values["recognised_on"] < values["submitted_on"]:
            raise ValidationError({"recognised_on": _("Ngày công nhận không thể trước ngày nộp.")})
        InitiativeDecision.objects.create(initiative=initiative, unit=initiative.review_unit,
                                          outcome=DecisionOutcome.RECOGNISED, scope=values["recognised_scope"],
                                          decided_on=values["recognised_on"],
                                          decision_number=values["decision_number"],
                                          reason=_("Nhập từ tệp"), created_by=_authenticated(self.user))  # fmt: skip
        initiative.status = InitiativeStatus.RECOGNISED
        initiative.recognised_scope = values["recognised_scope"]
        initiative.recognised_on = values["recognised_on"]
        initiative.decision_number = values["decision_number"]
        initiative.save()


def _authenticated(user):
    return user if getattr(user, "is_authenticated", False) else None


def initiative_import(*, user, path: pathlib.Path, filename: str, commit: bool) -> ImportResult:
    """Check an initiative file and, when ``commit`` is true and every row is valid, record it in one transaction."""
    path = pathlib.Path(path)
    refused = check_upload(size=path.stat().st_size, filename=filename, max_bytes=settings.THIDUA_IMPORT_MAX_BYTES)
    if refused:
        return ImportResult(errors=[RowError(0, "", refused)], error_count=1)
    importer = _Importer(user=user)
    try:
        with transaction.atomic():
            importer.run(read_sheet(path, filename=filename, sheet_name=SHEET_NAME))
            if not importer.result.ok or not commit:
                transaction.set_rollback(True)
    except SpreadsheetError as error:
        return ImportResult(errors=[RowError(0, "", str(error))], error_count=1)
    result = importer.result
    result.committed = commit and result.ok
    return result
